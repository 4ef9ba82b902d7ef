package io.camelgateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.CustomToolCallOutput;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.OpaqueItem;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolKind;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolRef;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.ToolSearchOutput;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.provider.TurnContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The canonical history → Converse {@code system} and {@code messages}. Converse is strict: the conversation
 * starts with a user message, roles alternate (consecutive messages of one role are merged), every {@code toolUse}
 * needs its {@code toolResult} in the next user message and a result needs its call, and no text block is blank.
 * Messages are built in history order, then the tool pairing is repaired.
 */
final class BedrockMessageMapper {

    static final String PROTOCOL = "bedrock";
    static final String INCOMPLETE_TOOL_RESULT = "Error: the tool call was not completed (no result was recorded).";
    static final String EMPTY_TOOL_RESULT = "(no output)";
    private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");

    private static final Logger LOG = LoggerFactory.getLogger(BedrockMessageMapper.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TurnContext context;
    private final ArrayNode system = NODES.arrayNode();
    private final List<Turn> turns = new ArrayList<>();

    /** One Converse message under construction. */
    private static final class Turn {
        final String role;
        final List<ObjectNode> blocks = new ArrayList<>();

        Turn(String role) {
            this.role = role;
        }
    }

    /** The mapped conversation: {@code system} blocks (may be empty) and the {@code messages}. */
    record Mapped(ArrayNode system, ArrayNode messages) {
    }

    private BedrockMessageMapper(TurnContext context) {
        this.context = context;
    }

    static Mapped map(TurnContext context) {
        BedrockMessageMapper mapper = new BedrockMessageMapper(context);
        mapper.build();
        return new Mapped(mapper.system, mapper.finish());
    }

    private void build() {
        TurnRequest request = context.request();
        addSystemText(request.instructions());
        boolean conversationStarted = false;
        for (Item item : request.input()) {
            if (item instanceof Message m && m.role() != null && m.role().isInstruction()) {
                if (conversationStarted) {
                    addLateInstruction(m);
                } else {
                    addSystemText(m.joinedText());
                }
                continue;
            }
            conversationStarted |= !(item instanceof OpaqueItem);
            add(item);
        }
    }

    private void add(Item item) {
        if (item instanceof Message m) {
            addMessage(m);
        } else if (item instanceof FunctionCall call) {
            String wire = context.tools().wireName(call.namespace(), call.name());
            addAssistant(toolUse(call.callId(), wire, parseObject(call.arguments())));
        } else if (item instanceof CustomToolCall call) {
            String wire = context.tools().register(new ToolRef(ToolKind.CUSTOM, null, call.name()));
            addAssistant(toolUse(call.callId(), wire, NODES.objectNode().put("input", call.input() == null ? "" : call.input())));
        } else if (item instanceof ToolSearchCall call) {
            JsonNode args = call.arguments() != null && call.arguments().isObject() ? call.arguments() : NODES.objectNode();
            addAssistant(toolUse(call.callId(), context.tools().toolSearchWireName(), args.deepCopy()));
        } else if (item instanceof FunctionCallOutput out) {
            addToolResult(out.callId(), toolResultContent(out.output()), false);
        } else if (item instanceof CustomToolCallOutput out) {
            addToolResult(out.callId(), toolResultContent(out.output()), false);
        } else if (item instanceof ToolSearchOutput out) {
            addToolResult(out.callId(), textContent(BedrockToolMapper.foundToolsListing(context, out.tools())), false);
        } else if (item instanceof Reasoning reasoning) {
            addReasoning(reasoning);
        } else if (item instanceof OpaqueItem opaque) {
            LOG.info("Dropping history item of type {} (not representable for Bedrock)", opaque.type());
        }
    }

    // ---- system prompt -------------------------------------------------------------------------------------

    private void addSystemText(String text) {
        if (text != null && !text.isBlank()) {
            system.add(textBlock(text));
        }
    }

    /** Instructions given mid-conversation stay where they were said, as user text (Converse has one system prompt). */
    private void addLateInstruction(Message m) {
        String text = m.joinedText();
        if (!text.isBlank()) {
            addUser(textBlock("<system-reminder>\n" + text + "\n</system-reminder>"));
        }
    }

    // ---- plain messages ------------------------------------------------------------------------------------

    private void addMessage(Message m) {
        boolean assistant = m.role() == Role.ASSISTANT;
        for (ContentPart part : m.content()) {
            ObjectNode block = contentBlock(part, assistant);
            if (block == null) {
                continue;
            }
            if (assistant) {
                addAssistant(block);
            } else {
                addUser(block);
            }
        }
    }

    /** One content block, or null when Converse cannot take it here (blank text, images from the assistant). */
    private static ObjectNode contentBlock(ContentPart part, boolean assistant) {
        if (part instanceof ContentPart.Text t) {
            return t.text() == null || t.text().isBlank() ? null : textBlock(t.text());
        }
        if (assistant) {
            return null;
        }
        if (part instanceof ContentPart.Image image) {
            return imageBlock(image);
        }
        if (part instanceof ContentPart.File file) {
            return fileBlock(file);
        }
        return null;
    }

    static ObjectNode textBlock(String text) {
        return NODES.objectNode().put("text", text);
    }

    /** Converse takes images as bytes only (base64 in JSON): a data URI maps, a web address cannot. */
    static ObjectNode imageBlock(ContentPart.Image image) {
        if (image.url() == null || image.url().isBlank()) {
            return null;
        }
        if (!image.isDataUri()) {
            throw unmappable("Bedrock takes images as data (base64), not as a URL; send the image as a data: URI",
                    "input");
        }
        String mediaType = image.mediaType() == null ? "image/png" : image.mediaType().toLowerCase(Locale.ROOT);
        String format = mediaType.startsWith("image/") ? mediaType.substring(6) : mediaType;
        if (format.equals("jpg")) {
            format = "jpeg";
        }
        if (!IMAGE_FORMATS.contains(format)) {
            throw unmappable("Bedrock takes png, jpeg, gif and webp images, not " + mediaType, "input");
        }
        ObjectNode block = NODES.objectNode();
        ObjectNode body = block.putObject("image");
        body.put("format", format);
        body.putObject("source").put("bytes", image.base64Data());
        return block;
    }

    /** PDFs become documents; other files cannot be sent, so the model is told one was left out. */
    private static ObjectNode fileBlock(ContentPart.File file) {
        String data = file.fileData();
        if (data != null && data.startsWith("data:application/pdf")) {
            ObjectNode block = NODES.objectNode();
            ObjectNode document = block.putObject("document");
            document.put("format", "pdf");
            document.put("name", documentName(file.filename()));
            document.putObject("source").put("bytes", data.substring(data.indexOf(',') + 1));
            return block;
        }
        return textBlock("[file " + (file.filename() == null ? "" : file.filename()) + " omitted: unsupported type]");
    }

    /** Converse document names: letters, digits, single spaces, hyphens, parentheses and square brackets. */
    private static String documentName(String filename) {
        String base = filename == null ? "document" : filename.replaceFirst("\\.[A-Za-z0-9]+$", "");
        String cleaned = base.replaceAll("[^A-Za-z0-9\\-()\\[\\] ]", "-").replaceAll("\\s+", " ").trim();
        return cleaned.isEmpty() ? "document" : cleaned;
    }

    // ---- tools -----------------------------------------------------------------------------------------------

    private static ObjectNode toolUse(String callId, String wireName, JsonNode input) {
        ObjectNode block = NODES.objectNode();
        ObjectNode use = block.putObject("toolUse");
        use.put("toolUseId", callId);
        use.put("name", wireName);
        use.set("input", input);
        return block;
    }

    private static ObjectNode parseObject(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return NODES.objectNode();
        }
        try {
            JsonNode node = JSON.readTree(arguments);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (Exception e) {
            // fall through: the model once produced broken arguments; keep the call, lose the arguments
        }
        LOG.debug("Tool call arguments are not a JSON object; sending an empty object instead");
        return NODES.objectNode();
    }

    private static ArrayNode textContent(String text) {
        ArrayNode content = NODES.arrayNode();
        content.add(textBlock(text == null || text.isBlank() ? EMPTY_TOOL_RESULT : text));
        return content;
    }

    /** Text, or for list outputs (view_image) text and image blocks; never empty (Converse rejects that). */
    private static ArrayNode toolResultContent(ToolOutput output) {
        if (output == null || output.isText()) {
            return textContent(output == null ? null : output.asText());
        }
        ArrayNode blocks = NODES.arrayNode();
        for (ContentPart part : output.parts()) {
            ObjectNode block = contentBlock(part, false);
            if (block != null && !block.has("document")) {
                blocks.add(block);
            }
        }
        return blocks.isEmpty() ? textContent(null) : blocks;
    }

    private void addToolResult(String callId, ArrayNode content, boolean failed) {
        int owner = assistantTurnOwning(callId);
        if (owner < 0) {
            LOG.debug("Dropping tool result for call {}: no matching tool call precedes it", callId);
            return;
        }
        if (hasToolResult(owner + 1, callId)) {
            LOG.debug("Dropping duplicate tool result for call {}", callId);
            return;
        }
        if (owner + 1 == turns.size()) {
            turns.add(new Turn("user"));
        } else if (!turns.get(owner + 1).role.equals("user")) {
            turns.add(owner + 1, new Turn("user"));
        }
        turns.get(owner + 1).blocks.add(toolResult(callId, content, failed));
    }

    static ObjectNode toolResult(String callId, ArrayNode content, boolean failed) {
        ObjectNode block = NODES.objectNode();
        ObjectNode result = block.putObject("toolResult");
        result.put("toolUseId", callId);
        result.set("content", content);
        if (failed) {
            result.put("status", "error");
        }
        return block;
    }

    private int assistantTurnOwning(String callId) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn turn = turns.get(i);
            if (turn.role.equals("assistant") && toolUseIds(turn).contains(callId)) {
                return i;
            }
        }
        return -1;
    }

    private boolean hasToolResult(int index, String callId) {
        if (index >= turns.size()) {
            return false;
        }
        for (ObjectNode block : turns.get(index).blocks) {
            if (callId.equals(block.path("toolResult").path("toolUseId").asText(null))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> toolUseIds(Turn turn) {
        List<String> ids = new ArrayList<>();
        for (ObjectNode block : turn.blocks) {
            if (block.has("toolUse")) {
                ids.add(block.path("toolUse").path("toolUseId").asText());
            }
        }
        return ids;
    }

    // ---- reasoning -------------------------------------------------------------------------------------------

    /** Reasoning made by Bedrock is restored block for block; any other provider's is dropped. */
    private void addReasoning(Reasoning reasoning) {
        JsonNode blocks = ReasoningEnvelope.unwrap(PROTOCOL, reasoning.encryptedContent());
        if (blocks == null || !blocks.isArray()) {
            LOG.debug("Dropping reasoning item that carries no Bedrock reasoning blocks");
            return;
        }
        for (JsonNode block : blocks) {
            if (block.isObject() && block.has("reasoningContent")) {
                addAssistant((ObjectNode) block.deepCopy());
            }
        }
    }

    // ---- assembly --------------------------------------------------------------------------------------------

    private void addAssistant(ObjectNode block) {
        lastTurn("assistant").blocks.add(block);
    }

    private void addUser(ObjectNode block) {
        lastTurn("user").blocks.add(block);
    }

    private Turn lastTurn(String role) {
        if (turns.isEmpty() || !turns.get(turns.size() - 1).role.equals(role)) {
            turns.add(new Turn(role));
        }
        return turns.get(turns.size() - 1);
    }

    private ArrayNode finish() {
        dropReasoningOnlyTurns();
        addMissingToolResults();
        ArrayNode messages = NODES.arrayNode();
        if (turns.isEmpty() || turns.get(0).role.equals("assistant")) {
            // Converse needs a user message first; Codex always has one, other clients may not
            ObjectNode start = messages.addObject();
            start.put("role", "user");
            start.putArray("content").add(textBlock("(conversation start)"));
        }
        for (Turn turn : turns) {
            ObjectNode message = messages.addObject();
            message.put("role", turn.role);
            ArrayNode content = message.putArray("content");
            // tool results first in a user message, reasoning first in an assistant message
            turn.blocks.stream().filter(b -> b.has("toolResult") || b.has("reasoningContent")).forEach(content::add);
            turn.blocks.stream().filter(b -> !b.has("toolResult") && !b.has("reasoningContent")).forEach(content::add);
        }
        return messages;
    }

    /** Reasoning restored without any answer after it (a turn cut short) is not a valid assistant message. */
    private void dropReasoningOnlyTurns() {
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn turn = turns.get(i);
            if (turn.role.equals("assistant") && turn.blocks.stream().allMatch(b -> b.has("reasoningContent"))) {
                turns.remove(i);
                if (i > 0 && i < turns.size() && turns.get(i - 1).role.equals(turns.get(i).role)) {
                    turns.get(i - 1).blocks.addAll(turns.remove(i).blocks);
                }
            }
        }
    }

    /** A call the client never answered (an aborted turn) still needs a result, or Converse rejects the request. */
    private void addMissingToolResults() {
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            if (!turn.role.equals("assistant")) {
                continue;
            }
            for (String id : toolUseIds(turn)) {
                if (!hasToolResult(i + 1, id)) {
                    if (i + 1 == turns.size() || !turns.get(i + 1).role.equals("user")) {
                        turns.add(i + 1, new Turn("user"));
                    }
                    turns.get(i + 1).blocks.add(toolResult(id, textContent(INCOMPLETE_TOOL_RESULT), true));
                }
            }
        }
    }

    static GatewayException unmappable(String message, String param) {
        return new GatewayException(TurnError.invalidRequest(message, param));
    }
}
