package io.camelgateway.hardening;

import io.camelgateway.hardening.CorpusCase.Expect;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Bodies that are not the JSON object a client API expects: truncated, invalid, non-standard, invalid UTF-8, deep. */
final class JsonSyntaxCases {

    private static final String VALID = "{\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\"}";

    private JsonSyntaxCases() {
    }

    static List<CorpusCase> all() {
        List<CorpusCase> cases = new ArrayList<>();
        for (String path : List.of("/v1/responses", "/v1/chat/completions")) {
            String api = path.substring(4);
            invalid(cases, api + ": empty body", path, "");
            invalid(cases, api + ": whitespace only", path, "  \n\t ");
            invalid(cases, api + ": lone brace", path, "{");
            invalid(cases, api + ": truncated object", path, "{\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\"");
            invalid(cases, api + ": truncated string", path, "{\"model\":\"anthropic/claude-cor");
            invalid(cases, api + ": array", path, "[1,2]");
            invalid(cases, api + ": string", path, "\"hi\"");
            invalid(cases, api + ": null", path, "null");
            invalid(cases, api + ": number", path, "42");
        }
        String p = "/v1/responses";
        invalid(cases, "missing value", p, "{\"model\":,\"input\":\"hi\"}");
        invalid(cases, "single quotes", p, "{'model':'anthropic/claude-corpus','input':'hi'}");
        invalid(cases, "unquoted keys", p, "{model:\"anthropic/claude-corpus\",input:\"hi\"}");
        invalid(cases, "comment", p, "{\"model\":\"anthropic/claude-corpus\", /* c */ \"input\":\"hi\"}");
        invalid(cases, "trailing comma", p, "{\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\",}");
        invalid(cases, "NaN", p, "{\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\",\"temperature\":NaN}");
        invalid(cases, "Infinity", p, "{\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\",\"top_p\":-Infinity}");
        invalid(cases, "leading zeros", p, "{\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\",\"max_output_tokens\":007}");
        invalid(cases, "bad escape \\x", p, "{\"model\":\"anthropic/claude-corpus\",\"input\":\"\\x41\"}");
        invalid(cases, "bad unicode escape", p, "{\"model\":\"anthropic/claude-corpus\",\"input\":\"\\u12G4\"}");
        invalid(cases, "unescaped control character in a string", p,
                "{\"model\":\"anthropic/claude-corpus\",\"input\":\"a\u0001b\"}");
        invalid(cases, "unescaped newline in a string", p, "{\"model\":\"anthropic/claude-corpus\",\"input\":\"a\nb\"}");
        invalid(cases, "trailing garbage", p, VALID + "}}");
        invalid(cases, "two objects", p, VALID + VALID);
        invalid(cases, "number with 5000 digits", p,
                "{\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\",\"max_output_tokens\":" + "9".repeat(5000) + "}");
        invalid(cases, "huge exponent", p,
                "{\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\",\"max_output_tokens\":1e999999}");
        invalid(cases, "integer overflow", p,
                "{\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\",\"max_output_tokens\":99999999999999999999999}");
        invalid(cases, "nesting 5000 deep in metadata", p, "{\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\","
                + "\"metadata\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}");
        invalid(cases, "nesting 100000 arrays", p, "{\"model\":\"anthropic/claude-corpus\",\"input\":"
                + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        invalid(cases, "nesting 3000 deep as input items", p, "{\"model\":\"anthropic/claude-corpus\",\"input\":"
                + "[".repeat(3000) + "]".repeat(3000) + "}");
        invalid(cases, "chat: nesting 2000 deep content", "/v1/chat/completions",
                "{\"model\":\"anthropic/claude-corpus\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "[".repeat(2000) + "]".repeat(2000) + "}]}");

        invalidBytes(cases, "invalid UTF-8: bad continuation byte in model", p, utf8("{\"model\":\"anthropic/claude-"),
                new byte[] {(byte) 0xC3, 0x28}, utf8("\",\"input\":\"hi\"}"));
        invalidBytes(cases, "invalid UTF-8: 0xFF in input", p, utf8("{\"model\":\"anthropic/claude-corpus\",\"input\":\"a"),
                new byte[] {(byte) 0xFF}, utf8("b\"}"));
        invalidBytes(cases, "invalid UTF-8: truncated sequence at the end", p,
                utf8("{\"model\":\"anthropic/claude-corpus\",\"input\":\"a"), new byte[] {(byte) 0xE2, (byte) 0x82});
        invalidBytes(cases, "invalid UTF-8: 0xFE in a key", p, utf8("{\"mo"), new byte[] {(byte) 0xFE},
                utf8("del\":\"anthropic/claude-corpus\",\"input\":\"hi\"}"));
        invalidBytes(cases, "chat: invalid UTF-8 in message content", "/v1/chat/completions",
                utf8("{\"model\":\"anthropic/claude-corpus\",\"messages\":[{\"role\":\"user\",\"content\":\""),
                new byte[] {(byte) 0xC0, (byte) 0xC1, (byte) 0xF5}, utf8("\"}]}"));

        handled(cases, "byte order mark before a valid body", p,
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(VALID)));
        handled(cases, "overlong UTF-8 encoding in input", p, concat(utf8("{\"model\":\"anthropic/claude-corpus\","
                + "\"input\":\"a"), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("b\"}")));
        handled(cases, "UTF-8 encoded surrogate in input", p, concat(utf8("{\"model\":\"anthropic/claude-corpus\","
                + "\"input\":\"a"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("b\"}")));
        // JSON parsers may detect UTF-16 from the first bytes; refusing it is as good as reading it
        handled(cases, "UTF-16 body", p, VALID.getBytes(StandardCharsets.UTF_16LE));
        handled(cases, "lone surrogate escape in input", p,
                utf8("{\"model\":\"anthropic/claude-corpus\",\"input\":\"a\\ud800b\"}"));
        handled(cases, "duplicate keys", p,
                utf8("{\"model\":\"anthropic/claude-corpus\",\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\"}"));
        handled(cases, "no content type", p, null, utf8(VALID));
        handled(cases, "text/plain content type", p, "text/plain", utf8(VALID));
        return cases;
    }

    private static void invalid(List<CorpusCase> cases, String name, String path, String body) {
        cases.add(CorpusCase.of("JSON " + name, RawRequest.postJson(path, body), Expect.rejected(400)));
    }

    private static void invalidBytes(List<CorpusCase> cases, String name, String path, byte[]... parts) {
        cases.add(CorpusCase.of("JSON " + name, RawRequest.of("POST", path, concat(parts)), Expect.rejected(400)));
    }

    private static void handled(List<CorpusCase> cases, String name, String path, byte[] body) {
        cases.add(CorpusCase.of("JSON " + name, RawRequest.of("POST", path, body), Expect.handled()));
    }

    private static void handled(List<CorpusCase> cases, String name, String path, String contentType, byte[] body) {
        RawRequest request = RawRequest.builder("POST", path).body(body).header("Content-Type", contentType).build();
        cases.add(CorpusCase.of("JSON " + name, request, Expect.handled()));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
