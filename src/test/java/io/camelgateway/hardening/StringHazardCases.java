package io.camelgateway.hardening;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.hardening.CorpusCase.Expect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Strings a careless or hostile client puts where the gateway expects names and text: control characters (JSON
 * escaped) in every string field, control characters in header values, and huge strings. A control character in a
 * model id must be a 400 naming {@code model}; elsewhere the gateway may serve the turn, but never hang or fail.
 */
final class StringHazardCases {

    private static final List<Map.Entry<String, String>> CONTROLS = List.of(Map.entry("NUL", "\u0000"),
            Map.entry("BEL", "\u0007"), Map.entry("CRLF", "\r\n"), Map.entry("ESC", "\u001b"));

    private StringHazardCases() {
    }

    static List<CorpusCase> all() {
        List<CorpusCase> cases = new ArrayList<>();
        controlCharactersInModel(cases);
        controlCharactersInOtherStrings(cases);
        controlCharactersInHeaders(cases);
        hugeStrings(cases);
        return cases;
    }

    private static void controlCharactersInModel(List<CorpusCase> cases) {
        for (Map.Entry<String, String> control : CONTROLS) {
            for (String api : List.of("responses", "chat")) {
                for (boolean stream : List.of(false, true)) {
                    ObjectNode body = minimal(api);
                    body.put("model", "anthropic/claude-corpus" + control.getValue());
                    body.put("stream", stream);
                    cases.add(CorpusCase.of("string: " + control.getKey() + " in model, " + api + ", stream=" + stream,
                            RawRequest.postJson(FieldTypeCases.path(api), body.toString()), Expect.badField("model")));
                }
            }
        }
        ObjectNode leading = minimal("responses");
        leading.put("model", "\u0000anthropic/claude-corpus");
        cases.add(CorpusCase.of("string: NUL before the provider in model",
                RawRequest.postJson("/v1/responses", leading.toString()), Expect.badField("model")));
        ObjectNode routed = minimal("responses");
        routed.put("model", "auto\u0007");
        cases.add(CorpusCase.of("string: BEL after the routed alias in model",
                RawRequest.postJson("/v1/responses", routed.toString()), Expect.badField("model")));
    }

    private static void controlCharactersInOtherStrings(List<CorpusCase> cases) {
        List<Map.Entry<String, BiConsumer<ObjectNode, String>>> responses = List.of(
                Map.entry("instructions", (b, c) -> b.put("instructions", "Be" + c + " brief.")),
                Map.entry("input text", (b, c) -> ((ObjectNode) b.at("/input/1/content/0")).put("text", "List" + c)),
                Map.entry("function tool name",
                        (b, c) -> ((ObjectNode) b.at("/tools/0")).put("name", "exec" + c + "command")),
                Map.entry("custom tool name", (b, c) -> ((ObjectNode) b.at("/tools/1")).put("name", "apply" + c + "patch")),
                Map.entry("function_call name and call_id", (b, c) -> ((ObjectNode) b.at("/input/3"))
                        .put("name", "exec" + c + "command").put("call_id", "call" + c + "1")),
                Map.entry("user", (b, c) -> b.put("user", "u" + c)),
                Map.entry("metadata value", (b, c) -> ((ObjectNode) b.get("metadata")).put("ticket", "t" + c)),
                Map.entry("reasoning effort", (b, c) -> ((ObjectNode) b.get("reasoning")).put("effort", "low" + c)));
        List<Map.Entry<String, BiConsumer<ObjectNode, String>>> chat = List.of(
                Map.entry("message content", (b, c) -> ((ObjectNode) b.at("/messages/4")).put("content", "Thanks" + c)),
                Map.entry("tool name",
                        (b, c) -> ((ObjectNode) b.at("/tools/0/function")).put("name", "exec" + c + "command")),
                Map.entry("tool_call id", (b, c) -> {
                    ((ObjectNode) b.at("/messages/2/tool_calls/0")).put("id", "call" + c + "1");
                    ((ObjectNode) b.at("/messages/3")).put("tool_call_id", "call" + c + "1");
                }),
                Map.entry("stop sequence", (b, c) -> b.putArray("stop").add("E" + c)),
                Map.entry("user", (b, c) -> b.put("user", "u" + c)));
        for (Map.Entry<String, String> control : CONTROLS.subList(0, 2)) {
            for (Map.Entry<String, BiConsumer<ObjectNode, String>> hazard : responses) {
                ObjectNode body = FieldTypeCases.base("responses", FieldTypeCases.ANTHROPIC_MODEL);
                hazard.getValue().accept(body, control.getValue());
                cases.add(CorpusCase.of("string: " + control.getKey() + " in responses " + hazard.getKey(),
                        RawRequest.postJson("/v1/responses", body.toString()), Expect.handled()));
            }
            for (Map.Entry<String, BiConsumer<ObjectNode, String>> hazard : chat) {
                ObjectNode body = FieldTypeCases.base("chat", FieldTypeCases.ANTHROPIC_MODEL);
                hazard.getValue().accept(body, control.getValue());
                cases.add(CorpusCase.of("string: " + control.getKey() + " in chat " + hazard.getKey(),
                        RawRequest.postJson("/v1/chat/completions", body.toString()), Expect.handled()));
            }
        }
    }

    private static void controlCharactersInHeaders(List<CorpusCase> cases) {
        String body = minimal("responses").toString();
        for (String tier : List.of("cheap\u0000", "cheap\u0007", "\u0001", "flag\u007fship", "che\u00e9ap", "premium",
                "cheap".repeat(2000))) {
            RawRequest request = RawRequest.builder("POST", "/v1/responses").body(JsonSyntaxCases.utf8(body))
                    .header("x-gateway-tier", tier).build();
            cases.add(CorpusCase.of("header: x-gateway-tier " + printable(tier), request, Expect.rejected()));
        }
        RawRequest nulAuth = RawRequest.builder("POST", "/v1/responses").body(JsonSyntaxCases.utf8(body))
                .header("Authorization", "Bearer tok\u0000en").build();
        cases.add(CorpusCase.of("header: NUL in the bearer token", nulAuth, Expect.handled()));
        RawRequest belCustom = RawRequest.builder("POST", "/v1/responses").body(JsonSyntaxCases.utf8(body))
                .header("X-Trace", "a\u0007b").build();
        cases.add(CorpusCase.of("header: BEL in an unknown header", belCustom, Expect.handled()));
        RawRequest bareCr = RawRequest.builder("POST", "/v1/responses").body(JsonSyntaxCases.utf8(body))
                .header("X-Trace", "a\rb").build();
        cases.add(CorpusCase.of("header: bare CR in a header value", bareCr, Expect.handled()));
        RawRequest nulName = RawRequest.builder("POST", "/v1/responses").body(JsonSyntaxCases.utf8(body))
                .headerLine("X-Tr\u0000ce: a").build();
        cases.add(CorpusCase.of("header: NUL in a header name", nulName, Expect.rejected()));
    }

    private static void hugeStrings(List<CorpusCase> cases) {
        ObjectNode model = minimal("responses");
        model.put("model", "m".repeat(500_000));
        cases.add(CorpusCase.of("huge: 500 KB model id", RawRequest.postJson("/v1/responses", model.toString()),
                Expect.rejected()));
        ObjectNode providerModel = minimal("chat");
        providerModel.put("model", "anthropic/" + "m".repeat(100_000));
        cases.add(CorpusCase.of("huge: 100 KB model id after a provider",
                RawRequest.postJson("/v1/chat/completions", providerModel.toString()), Expect.handled()));
        ObjectNode input = minimal("responses");
        input.put("input", "word ".repeat(60_000));
        cases.add(CorpusCase.of("huge: 300 KB input text", RawRequest.postJson("/v1/responses", input.toString()),
                Expect.served()));
        ObjectNode toolName = FieldTypeCases.base("responses", FieldTypeCases.ANTHROPIC_MODEL);
        ((ObjectNode) toolName.at("/tools/0")).put("name", "t".repeat(100_000));
        cases.add(CorpusCase.of("huge: 100 KB tool name", RawRequest.postJson("/v1/responses", toolName.toString()),
                Expect.handled()));
        ObjectNode items = minimal("responses");
        ArrayNode array = items.putArray("input");
        for (int i = 0; i < 10_000; i++) {
            array.addObject().put("role", "user").put("content", "x");
        }
        cases.add(CorpusCase.of("huge: 10000 input items", RawRequest.postJson("/v1/responses", items.toString()),
                Expect.served()));
        ObjectNode keys = minimal("responses");
        ObjectNode metadata = keys.putObject("metadata");
        for (int i = 0; i < 20_000; i++) {
            metadata.put("k" + i, "v");
        }
        cases.add(CorpusCase.of("huge: 20000 metadata keys", RawRequest.postJson("/v1/responses", keys.toString()),
                Expect.handled()));
    }

    static ObjectNode minimal(String api) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", FieldTypeCases.ANTHROPIC_MODEL);
        if ("responses".equals(api)) {
            body.put("input", "hi");
        } else {
            body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        }
        return body;
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : (text.length() > 24 ? text.substring(0, 24) + "…(" + text.length() + " chars)" : text).toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
