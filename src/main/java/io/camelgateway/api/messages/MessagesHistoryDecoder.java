package io.camelgateway.api.messages;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code messages} → canonical items, in order. A {@code role: "system"} message stays where it was said, as a
 * developer message; text and images of one message form one canonical message, interrupted by the tool calls,
 * tool results and thinking between them. {@code cache_control} is dropped everywhere (only Anthropic reads it, and
 * Anthropic gets the client's own bytes). Block types no other provider can take are dropped with a log line.
 */
final class MessagesHistoryDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(MessagesHistoryDecoder.class);

    /** No other provider has a failed-result flag, so the failure is said in the text. */
    static final String TOOL_ERROR_PREFIX = "[tool error] ";

    private final List<Item> items = new ArrayList<>();
    private final List<ContentPart> pending = new ArrayList<>();
    private Role pendingRole;

    List<Item> decode(JsonNode messages) {
        for (JsonNode message : messages) {
            Role role = role(Json.str(message, "role"));
            JsonNode content = message.get("content");
            if (content != null && content.isTextual()) {
                text(role, content.asText());
            } else if (content != null && content.isArray()) {
                for (JsonNode block : content) {
                    block(role, block);
                }
            }
            flush();
        }
        return items;
    }

    private static Role role(String role) {
        if ("assistant".equals(role)) {
            return Role.ASSISTANT;
        }
        return "system".equals(role) ? Role.DEVELOPER : Role.USER;
    }

    private void block(Role role, JsonNode block) {
        String type = Json.str(block, "type");
        switch (type == null ? "" : type) {
            case "text" -> text(role, block.path("text").asText(""));
            case "image" -> {
                ContentPart.Image image = image(block);
                if (image != null && role != Role.ASSISTANT) {
                    add(role, image);
                }
            }
            case "document" -> {
                ContentPart.File document = document(block);
                if (document != null && role != Role.ASSISTANT) {
                    add(role, document);
                }
            }
            case "tool_use" -> {
                flush();
                items.add(new FunctionCall(null, Json.str(block, "id"), null, Json.str(block, "name"),
                        Json.text(block.path("input").isObject() ? block.get("input") : Json.object())));
            }
            case "tool_result" -> {
                flush();
                items.add(new FunctionCallOutput(Json.str(block, "tool_use_id"), toolOutput(block)));
            }
            case "thinking", "redacted_thinking" -> {
                flush();
                items.add(MessagesThinking.decode(block));
            }
            default -> LOG.info("Dropping a '{}' content block: only an Anthropic upstream can take it", type);
        }
    }

    private void text(Role role, String text) {
        if (!text.isEmpty()) {
            add(role, new ContentPart.Text(text, role == Role.ASSISTANT));
        }
    }

    private void add(Role role, ContentPart part) {
        if (pendingRole != role) {
            flush();
            pendingRole = role;
        }
        pending.add(part);
    }

    private void flush() {
        if (!pending.isEmpty()) {
            items.add(new Message(null, pendingRole, pending));
            pending.clear();
        }
        pendingRole = null;
    }

    /** An image block as a canonical image: base64 data as a {@code data:} URI, a URL source as the URL. */
    static ContentPart.Image image(JsonNode block) {
        JsonNode source = block.path("source");
        String kind = source.path("type").asText("");
        if ("base64".equals(kind)) {
            return new ContentPart.Image("data:" + source.path("media_type").asText("image/png") + ";base64,"
                    + source.path("data").asText(""), null);
        }
        if ("url".equals(kind) && source.path("url").isTextual()) {
            return new ContentPart.Image(source.path("url").asText(), null);
        }
        LOG.info("Dropping an image block with a '{}' source: only an Anthropic upstream can take it", kind);
        return null;
    }

    /** A PDF document block as a canonical file (base64 as a {@code data:} URI, or its URL); null for others. */
    static ContentPart.File document(JsonNode block) {
        JsonNode source = block.path("source");
        String kind = source.path("type").asText("");
        String title = Json.str(block, "title");
        if ("base64".equals(kind) && "application/pdf".equals(source.path("media_type").asText())) {
            return new ContentPart.File(title, "data:application/pdf;base64," + source.path("data").asText(""), null);
        }
        if ("url".equals(kind) && source.path("url").isTextual()) {
            return new ContentPart.File(title, null, source.path("url").asText());
        }
        LOG.info("Dropping a document block with a '{}' source: only an Anthropic upstream can take it", kind);
        return null;
    }

    /** A tool result's content (text, or text and images); a failed result is marked in its text. */
    private static ToolOutput toolOutput(JsonNode block) {
        boolean failed = block.path("is_error").asBoolean(false);
        JsonNode content = block.get("content");
        List<ContentPart> parts = new ArrayList<>();
        if (content != null && content.isTextual()) {
            parts.add(ContentPart.text(content.asText()));
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                String type = Json.str(part, "type");
                if ("text".equals(type)) {
                    parts.add(ContentPart.text(part.path("text").asText("")));
                } else if ("image".equals(type)) {
                    ContentPart.Image image = image(part);
                    if (image != null) {
                        parts.add(image);
                    }
                } else {
                    LOG.info("Dropping a '{}' block from a tool result: only an Anthropic upstream can take it", type);
                }
            }
        }
        if (failed) {
            markFailed(parts);
        }
        boolean textOnly = parts.stream().allMatch(p -> p instanceof ContentPart.Text);
        if (textOnly) {
            StringBuilder text = new StringBuilder();
            for (ContentPart part : parts) {
                if (text.length() > 0) {
                    text.append("\n\n");
                }
                text.append(((ContentPart.Text) part).text());
            }
            return ToolOutput.ofText(text.toString());
        }
        return ToolOutput.ofParts(parts);
    }

    private static void markFailed(List<ContentPart> parts) {
        if (!parts.isEmpty() && parts.get(0) instanceof ContentPart.Text first) {
            parts.set(0, ContentPart.text(TOOL_ERROR_PREFIX + first.text()));
        } else {
            parts.add(0, ContentPart.text(TOOL_ERROR_PREFIX.strip()));
        }
    }
}
