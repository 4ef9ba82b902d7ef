package io.camelgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only, minimal decoding of real Codex request bodies into {@link TurnRequest}s, for just the item and tool
 * types in the captures. The real Responses decoder lives elsewhere; this only feeds the Anthropic mapper.
 */
final class CodexCaptures {

    private CodexCaptures() {
    }

    static TurnRequest load(String name) {
        try (InputStream in = CodexCaptures.class.getResourceAsStream("/codex-captures/" + name)) {
            return decode(Fixtures.JSON.readTree(in));
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }

    static TurnRequest decode(JsonNode body) {
        List<Item> input = new ArrayList<>();
        body.path("input").forEach(item -> input.add(item(item)));
        List<ToolSpec> tools = new ArrayList<>();
        body.path("tools").forEach(tool -> tools.add(tool(tool)));
        String effort = body.path("reasoning").path("effort").asText(null);
        return new TurnRequest(body.path("model").asText(), body.path("instructions").asText(null), input, tools,
                ToolChoice.AUTO, body.path("parallel_tool_calls").asBoolean(true),
                new ReasoningEffort(effort, body.path("reasoning").path("summary").asText(null)), null, null, null,
                null, null, body.path("stream").asBoolean(), null, null);
    }

    private static Item item(JsonNode item) {
        switch (item.path("type").asText()) {
            case "message":
                List<ContentPart> parts = new ArrayList<>();
                for (JsonNode part : item.path("content")) {
                    parts.add(part(part));
                }
                return new Message(item.path("id").asText(null), Role.parse(item.path("role").asText()), parts);
            case "function_call":
                return new FunctionCall(null, item.path("call_id").asText(), item.path("namespace").asText(null),
                        item.path("name").asText(), item.path("arguments").asText());
            case "function_call_output":
                return new FunctionCallOutput(item.path("call_id").asText(), output(item.path("output")));
            case "custom_tool_call":
                return new CustomToolCall(null, item.path("call_id").asText(), item.path("name").asText(),
                        item.path("input").asText());
            case "custom_tool_call_output":
                return new CustomToolCallOutput(item.path("call_id").asText(), output(item.path("output")));
            case "reasoning":
                List<String> summary = new ArrayList<>();
                item.path("summary").forEach(s -> summary.add(s.path("text").asText()));
                return new Reasoning(item.path("id").asText(null), summary, null, item.path("encrypted_content").asText(null));
            default:
                return new OpaqueItem(item.path("type").asText(), (ObjectNode) item);
        }
    }

    private static ContentPart part(JsonNode part) {
        switch (part.path("type").asText()) {
            case "input_image":
                return new ContentPart.Image(part.path("image_url").asText(), part.path("detail").asText(null));
            case "output_text":
                return new ContentPart.Text(part.path("text").asText(), true);
            default:
                return new ContentPart.Text(part.path("text").asText(), false);
        }
    }

    private static ToolOutput output(JsonNode output) {
        if (output.isTextual()) {
            return ToolOutput.ofText(output.asText());
        }
        List<ContentPart> parts = new ArrayList<>();
        output.forEach(p -> parts.add(part(p)));
        return ToolOutput.ofParts(parts);
    }

    private static ToolSpec tool(JsonNode tool) {
        switch (tool.path("type").asText()) {
            case "function":
                return new ToolSpec.Function(tool.path("name").asText(), tool.path("description").asText(null),
                        tool.get("parameters"), tool.path("strict").asBoolean());
            case "custom":
                return new ToolSpec.Custom(tool.path("name").asText(), tool.path("description").asText(null), tool.get("format"));
            case "namespace":
                List<ToolSpec> inner = new ArrayList<>();
                tool.path("tools").forEach(t -> inner.add(tool(t)));
                return new ToolSpec.Namespace(tool.path("name").asText(), tool.path("description").asText(null), inner);
            case "tool_search":
                return new ToolSpec.ToolSearch(tool.path("execution").asText(), tool.path("description").asText(null),
                        tool.get("parameters"));
            default:
                return new ToolSpec.Hosted(tool.path("type").asText(), (ObjectNode) tool);
        }
    }
}
