package io.camelgateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.OpaqueItem;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A completed canonical answer as the cache stores it: JSON of its model, output items, usage and the provider that
 * answered (never the wire bytes, so any client API, streaming or not, can replay it). Only answers whose items are
 * all of kinds it can write are stored ({@link #encode} answers null otherwise).
 */
record CachedAnswer(String provider, TurnResponse response) {

    /** The stored form, or null when the answer holds an item this format does not carry. */
    static byte[] encode(String provider, TurnResponse response) {
        ObjectNode root = Json.object();
        root.put("v", CacheKey.VERSION);
        root.put("provider", provider);
        root.put("model", response.model());
        ArrayNode output = root.putArray("output");
        for (Item item : response.output()) {
            ObjectNode node = item(item);
            if (node == null) {
                return null;
            }
            output.add(node);
        }
        Usage usage = response.usage() == null ? Usage.ZERO : response.usage();
        root.set("usage", Json.MAPPER.valueToTree(usage));
        return Json.bytes(root);
    }

    private static ObjectNode item(Item item) {
        ObjectNode node = Json.object();
        if (item instanceof Message message) {
            node.put("kind", "message");
            ArrayNode texts = node.putArray("text");
            for (ContentPart part : message.content()) {
                if (!(part instanceof ContentPart.Text text)) {
                    return null;
                }
                texts.add(text.text());
            }
        } else if (item instanceof FunctionCall call) {
            node.put("kind", "function_call");
            node.put("call_id", call.callId());
            node.put("namespace", call.namespace());
            node.put("name", call.name());
            node.put("arguments", call.arguments());
        } else if (item instanceof CustomToolCall call) {
            node.put("kind", "custom_tool_call");
            node.put("call_id", call.callId());
            node.put("name", call.name());
            node.put("input", call.input());
        } else if (item instanceof Reasoning reasoning) {
            node.put("kind", "reasoning");
            node.set("summary", Json.MAPPER.valueToTree(reasoning.summary()));
            node.set("content", Json.MAPPER.valueToTree(reasoning.content()));
            node.put("encrypted_content", reasoning.encryptedContent());
        } else if (item instanceof ToolSearchCall call) {
            node.put("kind", "tool_search_call");
            node.put("call_id", call.callId());
            node.put("execution", call.execution());
            node.set("arguments", call.arguments());
        } else if (item instanceof OpaqueItem opaque) {
            node.put("kind", "opaque");
            node.put("type", opaque.type());
            node.set("raw", opaque.raw());
        } else {
            return null;
        }
        return node;
    }

    /** Reads a stored answer; the items get fresh ids when replayed, not here. Throws when it is not one. */
    static CachedAnswer decode(byte[] stored) throws IOException {
        JsonNode root = Json.MAPPER.readTree(stored);
        if (root == null || root.path("v").asInt() != CacheKey.VERSION) {
            throw new IOException("not a cached answer of this version");
        }
        List<Item> output = new ArrayList<>();
        for (JsonNode node : root.path("output")) {
            output.add(item(node));
        }
        Usage usage = Json.MAPPER.treeToValue(root.path("usage"), Usage.class);
        return new CachedAnswer(root.path("provider").asText(), new TurnResponse(null, root.path("model").asText(),
                0, output, usage, StopReason.COMPLETED, null));
    }

    private static Item item(JsonNode node) throws IOException {
        switch (node.path("kind").asText()) {
            case "message": {
                List<ContentPart> parts = new ArrayList<>();
                node.path("text").forEach(text -> parts.add(new ContentPart.Text(text.asText(), true)));
                return new Message(null, Role.ASSISTANT, parts);
            }
            case "function_call":
                return new FunctionCall(null, text(node, "call_id"), text(node, "namespace"), text(node, "name"),
                        text(node, "arguments"));
            case "custom_tool_call":
                return new CustomToolCall(null, text(node, "call_id"), text(node, "name"), text(node, "input"));
            case "reasoning":
                return new Reasoning(null, strings(node.path("summary")), strings(node.path("content")),
                        text(node, "encrypted_content"));
            case "tool_search_call":
                return new ToolSearchCall(null, text(node, "call_id"), text(node, "execution"),
                        node.path("arguments").isObject() ? node.get("arguments") : Json.object());
            case "opaque":
                return new OpaqueItem(text(node, "type"), node.path("raw").isObject()
                        ? ((ObjectNode) node.get("raw")).deepCopy() : Json.object());
            default:
                throw new IOException("unknown item kind in a cached answer");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(value -> out.add(value.asText()));
        return out;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
