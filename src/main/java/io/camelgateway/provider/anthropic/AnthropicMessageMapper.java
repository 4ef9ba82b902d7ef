package io.camelgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.provider.TurnContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The canonical history → Anthropic {@code system} and {@code messages}. Anthropic is strict where the Responses
 * API is loose: roles must alternate, every {@code tool_use} needs its {@code tool_result} first in the next user
 * message, and no empty text. This class builds messages in history order, then repairs the tool pairing.
 */
final class AnthropicMessageMapper {

    static final String PROTOCOL = "anthropic";
    static final String INCOMPLETE_TOOL_RESULT = "Error: the tool call was not completed (no result was recorded).";

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicMessageMapper.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TurnContext context;
    private final ArrayNode system = NODES.arrayNode();
    private final List<Turn> turns = new ArrayList<>();

    /** One Anthropic message under construction. */
    private static final class Turn {
        final String role;
        final List<ObjectNode> blocks = new ArrayList<>();

        Turn(String role) {
            this.role = role;
        }
    }

    private AnthropicMessageMapper(TurnContext context) {
        this.context = context;
    }

    /** The mapped conversation: {@code system} text blocks (may be empty) and the {@code messages}. */
    record Mapped(ArrayNode system, ArrayNode messages) {
    }

    static Mapped map(TurnContext context) {
        AnthropicMessageMapper mapper = new AnthropicMessageMapper(context);
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
            ObjectNode input = NODES.objectNode().put("input", call.input() == null ? "" : call.input());
            addAssistant(toolUse(call.callId(), wire, input));
        } else if (item instanceof ToolSearchCall call) {
            JsonNode args = call.arguments() != null && call.arguments().isObject() ? call.arguments() : NODES.objectNode();
            addAssistant(toolUse(call.callId(), context.tools().toolSearchWireName(), args.deepCopy()));
        } else if (item instanceof FunctionCallOutput out) {
            addToolResult(out.callId(), toolResultContent(out.output()));
        } else if (item instanceof CustomToolCallOutput out) {
            addToolResult(out.callId(), toolResultContent(out.output()));
        } else if (item instanceof ToolSearchOutput out) {
            addToolResult(out.callId(), NODES.textNode(foundToolsListing(out.tools())));
        } else if (item instanceof Reasoning reasoning) {
            addReasoning(reasoning);
        } else if (item instanceof OpaqueItem opaque) {
            LOG.info("Dropping history item of type {} (not representable for Anthropic)", opaque.type());
        }
    }

    // ---- system prompt -------------------------------------------------------------------------------------

    private void addSystemText(String text) {
        if (text != null && !text.isBlank()) {
            system.add(textBlock(text));
        }
    }

    /** Instructions given mid-conversation stay where they were said, as user text (Anthropic has one system prompt). */
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

    /** One content block, or null when Anthropic cannot take it here (empty text, images from the assistant). */
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
        ObjectNode block = NODES.objectNode();
        block.put("type", "text");
        block.put("text", text);
        return block;
    }

    private static ObjectNode imageBlock(ContentPart.Image image) {
        if (image.url() == null || image.url().isBlank()) {
            return null;
        }
        ObjectNode block = NODES.objectNode();
        block.put("type", "image");
        ObjectNode source = block.putObject("source");
        if (image.isDataUri()) {
            source.put("type", "base64");
            source.put("media_type", image.mediaType() == null ? "image/png" : image.mediaType());
            source.put("data", image.base64Data());
        } else {
            source.put("type", "url");
            source.put("url", image.url());
        }
        return block;
    }

    /** PDFs become documents; other files cannot be sent, so the model is told one was left out. */
    private static ObjectNode fileBlock(ContentPart.File file) {
        String data = file.fileData();
        if (data != null && data.startsWith("data:application/pdf")) {
            ObjectNode block = NODES.objectNode();
            block.put("type", "document");
            ObjectNode source = block.putObject("source");
            source.put("type", "base64");
            source.put("media_type", "application/pdf");
            source.put("data", data.substring(data.indexOf(',') + 1));
            return block;
        }
        if (file.fileUrl() != null && file.fileUrl().startsWith("http")) {
            ObjectNode block = NODES.objectNode();
            block.put("type", "document");
            block.putObject("source").put("type", "url").put("url", file.fileUrl());
            return block;
        }
        return textBlock("[file " + (file.filename() == null ? "" : file.filename()) + " omitted: unsupported type]");
    }

    // ---- tools -----------------------------------------------------------------------------------------------

    private static ObjectNode toolUse(String callId, String wireName, JsonNode input) {
        ObjectNode block = NODES.objectNode();
        block.put("type", "tool_use");
        block.put("id", callId);
        block.put("name", wireName);
        block.set("input", input);
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

    /** A string, or for list outputs (view_image) an array of text and image blocks; null when empty. */
    private static JsonNode toolResultContent(ToolOutput output) {
        if (output == null) {
            return null;
        }
        if (output.isText()) {
            String text = output.asText();
            return text.isEmpty() ? null : NODES.textNode(text);
        }
        ArrayNode blocks = NODES.arrayNode();
        for (ContentPart part : output.parts()) {
            ObjectNode block = contentBlock(part, false);
            if (block != null && !"document".equals(block.path("type").asText())) {
                blocks.add(block);
            }
        }
        return blocks.isEmpty() ? null : blocks;
    }

    private String foundToolsListing(List<ToolSpec> tools) {
        ArrayNode listing = NODES.arrayNode();
        for (ObjectNode tool : AnthropicToolMapper.tools(contextFor(tools)).values()) {
            ObjectNode entry = listing.addObject();
            entry.put("name", tool.path("name").asText());
            if (tool.has("description")) {
                entry.put("description", tool.path("description").asText());
            }
        }
        try {
            return "Tools found (now available to call): " + JSON.writeValueAsString(listing);
        } catch (Exception e) {
            return "Tools found.";
        }
    }

    private TurnContext contextFor(List<ToolSpec> tools) {
        TurnRequest r = context.request();
        TurnRequest only = new TurnRequest(r.model(), null, List.of(), tools, null, null, null, null, null, null,
                null, null, false, null, null);
        return new TurnContext(only, context.target(), context.tools());
    }

    private void addToolResult(String callId, JsonNode content) {
        ObjectNode block = NODES.objectNode();
        block.put("type", "tool_result");
        block.put("tool_use_id", callId);
        if (content != null) {
            block.set("content", content);
        }
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
        }
        turns.get(owner + 1).blocks.add(block);
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
            if ("tool_result".equals(block.path("type").asText()) && callId.equals(block.path("tool_use_id").asText())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> toolUseIds(Turn turn) {
        List<String> ids = new ArrayList<>();
        for (ObjectNode block : turn.blocks) {
            if ("tool_use".equals(block.path("type").asText())) {
                ids.add(block.path("id").asText());
            }
        }
        return ids;
    }

    // ---- reasoning -------------------------------------------------------------------------------------------

    private void addReasoning(Reasoning reasoning) {
        JsonNode blocks = ReasoningEnvelope.unwrap(PROTOCOL, reasoning.encryptedContent());
        if (blocks == null || !blocks.isArray()) {
            LOG.debug("Dropping reasoning item that carries no Anthropic thinking blocks");
            return;
        }
        for (JsonNode block : blocks) {
            String type = block.path("type").asText();
            if (block.isObject() && (type.equals("thinking") || type.equals("redacted_thinking"))) {
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
        dropThinkingOnlyTurns();
        addMissingToolResults();
        ArrayNode messages = NODES.arrayNode();
        if (turns.isEmpty() || turns.get(0).role.equals("assistant")) {
            // Anthropic needs a user message first; Codex always has one, other clients may not
            ObjectNode start = messages.addObject();
            start.put("role", "user");
            start.putArray("content").add(textBlock("(conversation start)"));
        }
        for (Turn turn : turns) {
            ObjectNode message = messages.addObject();
            message.put("role", turn.role);
            ArrayNode content = message.putArray("content");
            // tool_result blocks must come first in a user message
            turn.blocks.stream().filter(AnthropicMessageMapper::isToolResult).forEach(content::add);
            turn.blocks.stream().filter(b -> !isToolResult(b)).forEach(content::add);
        }
        return messages;
    }

    /** Thinking restored without any answer after it (a turn cut short) is not a valid assistant message. */
    private void dropThinkingOnlyTurns() {
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn turn = turns.get(i);
            if (turn.role.equals("assistant") && turn.blocks.stream().allMatch(AnthropicMessageMapper::isThinking)) {
                turns.remove(i);
                mergeAround(i);
            }
        }
    }

    private void mergeAround(int index) {
        if (index > 0 && index < turns.size() && turns.get(index - 1).role.equals(turns.get(index).role)) {
            turns.get(index - 1).blocks.addAll(turns.remove(index).blocks);
        }
    }

    /** A call Codex never answered (aborted turn) still needs a result, or Anthropic rejects the request. */
    private void addMissingToolResults() {
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            if (!turn.role.equals("assistant")) {
                continue;
            }
            for (String id : toolUseIds(turn)) {
                if (!hasToolResult(i + 1, id)) {
                    if (i + 1 == turns.size()) {
                        turns.add(new Turn("user"));
                    }
                    ObjectNode block = NODES.objectNode();
                    block.put("type", "tool_result");
                    block.put("tool_use_id", id);
                    block.put("is_error", true);
                    block.put("content", INCOMPLETE_TOOL_RESULT);
                    turns.get(i + 1).blocks.add(block);
                }
            }
        }
    }

    private static boolean isToolResult(JsonNode block) {
        return "tool_result".equals(block.path("type").asText());
    }

    static boolean isThinking(JsonNode block) {
        String type = block.path("type").asText();
        return type.equals("thinking") || type.equals("redacted_thinking");
    }
}
