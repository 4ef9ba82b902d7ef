package io.camelgateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The response cache's key: SHA-256 over a canonical JSON (object keys sorted at every level) of
 * <ul>
 *   <li>the key format version and the client API (an answer is stored canonically, but each API has parameters of
 *   its own),</li>
 *   <li>the resolved provider and upstream model (not the alias the client named),</li>
 *   <li>the canonical request: instructions, input items, tools, tool_choice, parallel_tool_calls, reasoning
 *   effort, max output tokens, temperature, top_p, stop, text format,</li>
 *   <li>every other field of the client's body (e.g. {@code text.verbosity}, {@code include}, {@code reasoning.summary},
 *   {@code seed}, {@code n}, penalties, {@code response_format}, {@code thinking}, {@code top_k}), so a parameter the
 *   canonical form does not model still tells requests apart,</li>
 * </ul>
 * and never: {@code stream}, {@code stream_options}, {@code metadata}, {@code client_metadata},
 * {@code prompt_cache_key}, {@code user}, {@code store}, {@code safety_identifier}, {@code service_tier}, the
 * requested model name, request headers (client request ids, the virtual key).
 */
final class CacheKey {

    static final int VERSION = 1;

    /** Fields that do not change the answer. */
    private static final Set<String> NOT_IN_KEY = Set.of("stream", "stream_options", "metadata", "client_metadata",
            "prompt_cache_key", "user", "store", "safety_identifier", "service_tier", "model");
    /** Fields whose canonical form is already in the key (large ones: hashed once, not twice). */
    private static final Set<String> CANONICAL = Set.of("input", "messages", "instructions", "system", "tools");

    private CacheKey() {
    }

    /** The key as lower-case hex; throws when the request cannot be put in canonical JSON. */
    static String of(String api, String provider, String upstreamModel, TurnRequest request, ObjectNode body) {
        ObjectNode key = Json.object();
        key.put("v", VERSION);
        key.put("api", api);
        key.put("provider", provider);
        key.put("model", upstreamModel);
        key.set("request", canonicalRequest(request));
        ObjectNode rest = Json.object();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!NOT_IN_KEY.contains(field.getKey()) && !CANONICAL.contains(field.getKey())) {
                rest.set(field.getKey(), field.getValue());
            }
        }
        key.set("body", rest);
        return sha256(Json.bytes(sorted(key)));
    }

    private static ObjectNode canonicalRequest(TurnRequest request) {
        ObjectNode node = Json.object();
        node.put("instructions", request.instructions());
        ArrayNode input = node.putArray("input");
        for (Item item : request.input()) {
            input.add(typed(item.getClass().getSimpleName(), item));
        }
        ArrayNode tools = node.putArray("tools");
        for (ToolSpec tool : request.tools()) {
            tools.add(typed(tool.getClass().getSimpleName(), tool));
        }
        node.set("tool_choice", Json.MAPPER.valueToTree(request.toolChoice()));
        node.set("parallel_tool_calls", Json.MAPPER.valueToTree(request.parallelToolCalls()));
        node.set("reasoning", Json.MAPPER.valueToTree(request.reasoning()));
        node.set("max_output_tokens", Json.MAPPER.valueToTree(request.maxOutputTokens()));
        node.set("temperature", Json.MAPPER.valueToTree(request.temperature()));
        node.set("top_p", Json.MAPPER.valueToTree(request.topP()));
        node.set("stop", Json.MAPPER.valueToTree(request.stop()));
        node.set("text_format", request.textFormat());
        return node;
    }

    private static ObjectNode typed(String kind, Object value) {
        ObjectNode node = Json.object();
        node.put("kind", kind);
        node.set("value", Json.MAPPER.valueToTree(value));
        return node;
    }

    /** The same JSON with every object's fields in name order, so field order never changes the key. */
    static JsonNode sorted(JsonNode node) {
        if (node == null) {
            return Json.NODES.nullNode();
        }
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(field -> fields.put(field.getKey(), sorted(field.getValue())));
            ObjectNode out = Json.object();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.array();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
