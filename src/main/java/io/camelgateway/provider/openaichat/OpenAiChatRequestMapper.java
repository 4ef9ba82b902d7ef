package io.camelgateway.provider.openaichat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.CustomToolCallOutput;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.ToolSearchOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.provider.ProviderOptions.ChatCapabilities;
import io.camelgateway.provider.TurnContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Canonical turn → Chat Completions request body. Only Chat Completions fields are ever written. */
public final class OpenAiChatRequestMapper {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatRequestMapper.class);
    static final ObjectMapper JSON = new ObjectMapper();

    public ObjectNode toBody(TurnContext context) {
        TurnRequest request = context.request();
        ChatCapabilities can = context.target().options().chat();
        ObjectNode body = JSON.createObjectNode();
        body.put("model", context.target().upstreamModel());
        ArrayNode messages = new MessageWriter(context.tools(), can).write(request);
        body.set("messages", can.noParallelToolCalls() ? ChatCapabilityRules.oneCallPerTurn(messages) : messages);
        ArrayNode tools = tools(request, context);
        if (!tools.isEmpty()) {
            body.set("tools", tools);
            JsonNode choice = toolChoice(request.toolChoice(), context.tools(), can);
            if (choice != null) {
                body.set("tool_choice", choice);
            }
            if (can.noParallelToolCalls()) {
                body.put("parallel_tool_calls", false);
            } else if (request.parallelToolCalls() != null) {
                body.put("parallel_tool_calls", request.parallelToolCalls());
            }
        }
        if (request.maxOutputTokens() != null) {
            body.put(Objects.requireNonNullElse(context.target().options().maxTokensField(), "max_tokens"),
                    request.maxOutputTokens());
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (request.user() != null) {
            body.put("user", request.user());
        }
        if (context.target().options().sendReasoningEffort() && request.reasoning() != null
                && request.reasoning().effort() != null) {
            body.put("reasoning_effort", request.reasoning().effort());
        }
        JsonNode responseFormat = responseFormat(request.textFormat());
        if (can.noStrictSchemas() && responseFormat != null
                && responseFormat.get("json_schema") instanceof ObjectNode schema) {
            schema.remove("strict");
        }
        if (responseFormat != null) {
            body.set("response_format", responseFormat);
        }
        if (request.stream()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    private static ArrayNode tools(TurnRequest request, TurnContext context) {
        ArrayNode out = JSON.createArrayNode();
        List<ToolSpec> all = new ArrayList<>(request.tools());
        for (Item item : request.input()) {
            if (item instanceof ToolSearchOutput found) {
                all.addAll(found.tools());
            }
        }
        List<String> written = new ArrayList<>();
        addTools(all, null, out, written, context);
        if (context.target().options().chat().noStrictSchemas()) {
            out.forEach(tool -> ((ObjectNode) tool.path("function")).remove("strict"));
        }
        return out;
    }

    private static void addTools(List<ToolSpec> specs, String namespace, ArrayNode out, List<String> written,
                                 TurnContext context) {
        ToolNameMap names = context.tools();
        for (ToolSpec spec : specs) {
            if (spec instanceof ToolSpec.Function f) {
                add(out, written, names.wireName(namespace, f.name()), f.description(), f.parameters(), f.strict());
            } else if (spec instanceof ToolSpec.Custom c) {
                add(out, written, names.wireName(namespace, c.name()), customDescription(c), customParameters(), null);
            } else if (spec instanceof ToolSpec.ToolSearch s) {
                add(out, written, names.wireName(null, ToolNameMap.TOOL_SEARCH_NAME), s.description(),
                        s.parameters(), null);
            } else if (spec instanceof ToolSpec.Namespace ns) {
                addTools(ns.tools(), ns.name(), out, written, context);
            } else if (spec instanceof ToolSpec.Hosted hosted) {
                context.dropTool(hosted.type());
            }
        }
    }

    private static void add(ArrayNode out, List<String> written, String wireName, String description,
                            JsonNode parameters, Boolean strict) {
        if (written.contains(wireName)) {
            return;
        }
        written.add(wireName);
        ObjectNode function = out.addObject().put("type", "function").putObject("function");
        function.put("name", wireName);
        if (description != null && !description.isEmpty()) {
            function.put("description", description);
        }
        function.set("parameters", parameters != null && parameters.isObject() ? parameters : emptySchema());
        if (Boolean.TRUE.equals(strict)) {
            function.put("strict", true);
        }
    }

    private static ObjectNode emptySchema() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    private static ObjectNode customParameters() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("input").put("type", "string")
                .put("description", "The raw tool input, exactly as the tool description specifies.");
        schema.putArray("required").add("input");
        schema.put("additionalProperties", false);
        return schema;
    }

    private static String customDescription(ToolSpec.Custom custom) {
        String description = custom.description() == null ? "" : custom.description();
        JsonNode format = custom.format();
        if (format == null || !"grammar".equals(format.path("type").asText())) {
            return description;
        }
        return description + "\n\nPut the whole input in the `input` string argument. It must match this "
                + format.path("syntax").asText("lark") + " grammar:\n" + format.path("definition").asText();
    }

    private static JsonNode toolChoice(ToolChoice choice, ToolNameMap names, ChatCapabilities can) {
        if (choice == null) {
            return null;
        }
        switch (choice.mode()) {
            case NONE:
                return JSON.getNodeFactory().textNode("none");
            case REQUIRED:
                return JSON.getNodeFactory().textNode(can.noToolChoiceRequired() ? "auto" : "required");
            case NAMED:
                ObjectNode named = JSON.createObjectNode().put("type", "function");
                named.putObject("function").put("name", names.wireName(null, choice.toolName()));
                return named;
            case AUTO:
            default:
                return JSON.getNodeFactory().textNode("auto");
        }
    }

    /** Responses {@code text.format} → Chat {@code response_format}. */
    static JsonNode responseFormat(JsonNode format) {
        if (format == null || !format.isObject()) {
            return null;
        }
        String type = format.path("type").asText();
        if ("json_object".equals(type)) {
            return JSON.createObjectNode().put("type", "json_object");
        }
        if (!"json_schema".equals(type)) {
            return null;
        }
        ObjectNode out = JSON.createObjectNode().put("type", "json_schema");
        ObjectNode schema = out.putObject("json_schema");
        schema.put("name", format.path("name").asText("response"));
        if (format.hasNonNull("description")) {
            schema.set("description", format.get("description"));
        }
        if (format.has("schema")) {
            schema.set("schema", format.get("schema"));
        }
        if (format.hasNonNull("strict")) {
            schema.set("strict", format.get("strict"));
        }
        return out;
    }

    /** Builds {@code messages}: merges consecutive calls into one assistant turn, defers tool-output images. */
    private static final class MessageWriter {
        private final ToolNameMap names;
        private final ChatCapabilities can;
        private final ArrayNode messages = JSON.createArrayNode();
        private ObjectNode assistant;
        private final List<ContentPart> deferredImages = new ArrayList<>();
        /** Reasoning of the current tool loop, waiting for the assistant message it goes back on. */
        private final StringBuilder pendingReasoning = new StringBuilder();

        MessageWriter(ToolNameMap names, ChatCapabilities can) {
            this.names = names;
            this.can = can;
        }

        ArrayNode write(TurnRequest request) {
            if (can.noImages()) {
                ChatCapabilityRules.refuseImages(request);
            }
            if (request.instructions() != null && !request.instructions().isEmpty()) {
                messages.addObject().put("role", "system").put("content", request.instructions());
            }
            int loopStart = can.reasoningField() == null ? Integer.MAX_VALUE
                    : ChatCapabilityRules.currentToolLoopStart(request.input());
            int position = -1;
            for (Item item : request.input()) {
                position++;
                if (item instanceof Reasoning r && position >= loopStart) {
                    ChatCapabilityRules.appendOwnReasoning(pendingReasoning, r);
                    continue;
                }
                if (item instanceof Message m) {
                    message(m);
                } else if (item instanceof FunctionCall c) {
                    toolCall(c.callId(), names.wireName(c.namespace(), c.name()), c.arguments());
                } else if (item instanceof CustomToolCall c) {
                    toolCall(c.callId(), names.wireName(null, c.name()),
                            JSON.createObjectNode().put("input", c.input()).toString());
                } else if (item instanceof ToolSearchCall c) {
                    toolCall(c.callId(), names.wireName(null, ToolNameMap.TOOL_SEARCH_NAME),
                            c.arguments() == null ? "{}" : c.arguments().toString());
                } else if (item instanceof FunctionCallOutput o) {
                    toolOutput(o.callId(), o.output());
                } else if (item instanceof CustomToolCallOutput o) {
                    toolOutput(o.callId(), o.output());
                } else if (item instanceof ToolSearchOutput o) {
                    toolOutput(o.callId(), ToolOutput.ofText(describeFound(o)));
                } else {
                    LOG.debug("dropping {} item: Chat Completions has no equivalent", item.type());
                }
            }
            flushAssistant();
            flushImages();
            return messages;
        }

        private void message(Message m) {
            if (m.role() == Role.ASSISTANT) {
                flushAssistant();
                flushImages();
                assistant = JSON.createObjectNode().put("role", "assistant").put("content", m.joinedText());
                attachReasoning();
                return;
            }
            flushAssistant();
            flushImages();
            if (m.role().isInstruction()) {
                messages.addObject().put("role", "system").put("content", m.joinedText());
            } else {
                ObjectNode user = messages.addObject().put("role", "user");
                setUserContent(user, m.content());
            }
        }

        private void toolCall(String callId, String wireName, String arguments) {
            flushImages();
            if (assistant == null) {
                assistant = JSON.createObjectNode().put("role", "assistant").putNull("content");
                attachReasoning();
            }
            ArrayNode calls = assistant.has("tool_calls") ? (ArrayNode) assistant.get("tool_calls")
                    : assistant.putArray("tool_calls");
            ObjectNode call = calls.addObject().put("id", callId).put("type", "function");
            call.putObject("function").put("name", wireName).put("arguments", arguments == null ? "{}" : arguments);
        }

        /** The reasoning that led to this assistant message, in the field the server reads it from. */
        private void attachReasoning() {
            if (pendingReasoning.length() > 0) {
                assistant.put(can.reasoningField(), pendingReasoning.toString());
                pendingReasoning.setLength(0);
            }
        }

        private void toolOutput(String callId, ToolOutput output) {
            flushAssistant();
            List<ContentPart> images = new ArrayList<>();
            if (can.noImages()) {
                output = ChatCapabilityRules.withoutImages(output);
            }
            if (!output.isText()) {
                for (ContentPart part : output.parts()) {
                    if (part instanceof ContentPart.Image) {
                        images.add(part);
                    }
                }
            }
            String text = output.asText();
            if (text.isEmpty() && !images.isEmpty()) {
                text = "(the tool returned an image; it follows in the next user message)";
            }
            messages.addObject().put("role", "tool").put("tool_call_id", callId).put("content", text);
            // A user message between tool messages would break the assistant→tool pairing, so images wait.
            deferredImages.addAll(images);
        }

        private void flushAssistant() {
            if (assistant != null) {
                if (assistant.has("tool_calls") && assistant.path("content").asText("").isEmpty()) {
                    assistant.putNull("content");
                }
                messages.add(assistant);
                assistant = null;
            }
        }

        private void flushImages() {
            if (!deferredImages.isEmpty()) {
                ObjectNode user = messages.addObject().put("role", "user");
                List<ContentPart> parts = new ArrayList<>();
                parts.add(ContentPart.text("Image output of the tool call above:"));
                parts.addAll(deferredImages);
                setUserContent(user, parts);
                deferredImages.clear();
            }
        }

        private static void setUserContent(ObjectNode message, List<ContentPart> content) {
            boolean textOnly = content.stream().allMatch(p -> p instanceof ContentPart.Text);
            if (textOnly) {
                message.put("content", new Message(null, Role.USER, content).joinedText());
                return;
            }
            ArrayNode parts = message.putArray("content");
            for (ContentPart part : content) {
                if (part instanceof ContentPart.Text t) {
                    parts.addObject().put("type", "text").put("text", t.text());
                } else if (part instanceof ContentPart.Image image) {
                    ObjectNode url = parts.addObject().put("type", "image_url").putObject("image_url");
                    url.put("url", image.url());
                    if (image.detail() != null) {
                        url.put("detail", image.detail());
                    }
                } else {
                    LOG.debug("dropping a file part: OpenAI-compatible chat servers do not take files");
                }
            }
        }

        private String describeFound(ToolSearchOutput output) {
            ArrayNode found = JSON.createArrayNode();
            collectNames(output.tools(), null, found);
            ObjectNode result = JSON.createObjectNode();
            result.set("tools_now_available", found);
            return result.toString();
        }

        private void collectNames(List<ToolSpec> specs, String namespace, ArrayNode out) {
            for (ToolSpec spec : specs) {
                if (spec instanceof ToolSpec.Function f) {
                    out.add(names.wireName(namespace, f.name()));
                } else if (spec instanceof ToolSpec.Custom c) {
                    out.add(names.wireName(namespace, c.name()));
                } else if (spec instanceof ToolSpec.Namespace ns) {
                    collectNames(ns.tools(), ns.name(), out);
                }
            }
        }
    }
}
