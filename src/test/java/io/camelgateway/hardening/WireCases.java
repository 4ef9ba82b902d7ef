package io.camelgateway.hardening;

import static io.camelgateway.hardening.JsonSyntaxCases.utf8;

import io.camelgateway.hardening.CorpusCase.Expect;
import io.camelgateway.hardening.RawRequest.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP-level abuse: oversized, slow and incomplete bodies, broken chunked encoding, bad Content-Length, header
 * floods, very long URIs and malformed request lines. The HTTP server answers many of these before a route runs;
 * on {@code /v1/*} those answers must still be in the client's error shape.
 */
final class WireCases {

    static final int MAX_BODY = 1_048_576;
    private static final String P = "/v1/responses";
    private static final byte[] VALID = utf8("{\"model\":\"anthropic/claude-corpus\",\"input\":\"hi\"}");

    private WireCases() {
    }

    static List<CorpusCase> all() {
        List<CorpusCase> cases = new ArrayList<>();
        oversized(cases);
        unfinished(cases);
        badFraming(cases);
        headersAndUris(cases);
        return cases;
    }

    private static void oversized(List<CorpusCase> cases) {
        byte[] big = utf8("{\"model\":\"anthropic/claude-corpus\",\"input\":\"" + "a".repeat(2 * MAX_BODY) + "\"}");
        cases.add(CorpusCase.of("wire: 2 MiB body with Content-Length (limit 1 MiB)", RawRequest.of("POST", P, big),
                Expect.rejected(413)));
        cases.add(CorpusCase.of("wire: chat 2 MiB body with Content-Length",
                RawRequest.of("POST", "/v1/chat/completions", big), Expect.rejected(413)));
        List<Segment> chunks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            chunks.add(new Segment(HttpWire.chunk(utf8("a".repeat(64 * 1024))), 0));
        }
        chunks.add(new Segment(HttpWire.LAST_CHUNK, 0));
        cases.add(CorpusCase.of("wire: 2.5 MiB chunked body", RawRequest.builder("POST", P)
                .header("Transfer-Encoding", "chunked").bodySegments(chunks).build(), Expect.rejected(413)));
        cases.add(CorpusCase.of("wire: Content-Length of 5 GB announced", RawRequest.builder("POST", P)
                .contentLength("5000000000").bodySegments(List.of(new Segment(VALID, 0))).build(),
                Expect.rejected(413)));
    }

    private static void unfinished(List<CorpusCase> cases) {
        cases.add(CorpusCase.of("slow: Content-Length 100, 7 bytes sent, then silence", RawRequest.builder("POST", P)
                .contentLength("100").bodySegments(List.of(new Segment(utf8("{\"model"), 0))).build(),
                Expect.bodyTimeout()));
        cases.add(CorpusCase.of("slow: Content-Length set, no body byte sent", RawRequest.builder("POST", P)
                .contentLength(Integer.toString(VALID.length)).bodySegments(List.of()).build(), Expect.bodyTimeout()));
        List<Segment> trickle = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            trickle.add(new Segment(new byte[] {VALID[i]}, 400));
        }
        trickle.add(new Segment(new byte[] {VALID[4]}, 0));
        cases.add(CorpusCase.of("slow: body trickled for 1.6 s, then silence", RawRequest.builder("POST", P)
                .contentLength(Integer.toString(VALID.length)).bodySegments(trickle).build(), Expect.bodyTimeout()));
        cases.add(CorpusCase.of("slow: chunk announces 256 bytes, 10 sent, then silence", RawRequest.builder("POST", P)
                .header("Transfer-Encoding", "chunked")
                .bodySegments(List.of(new Segment(utf8("100\r\n{\"model\":"), 0))).build(), Expect.bodyTimeout()));
        cases.add(CorpusCase.of("slow: chunked body without its last chunk, then silence", RawRequest.builder("POST", P)
                .header("Transfer-Encoding", "chunked")
                .bodySegments(List.of(new Segment(HttpWire.chunk(VALID), 0))).build(), Expect.bodyTimeout()));
        cases.add(CorpusCase.of("slow: request head never finished", RawRequest.raw("POST", P,
                utf8("POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl")), Expect.bodyTimeout()));
    }

    private static void badFraming(List<CorpusCase> cases) {
        chunked(cases, "invalid chunk size (zz)", "zz\r\n" + new String(VALID) + "\r\n0\r\n\r\n");
        chunked(cases, "negative chunk size", "-5\r\nhello\r\n0\r\n\r\n");
        chunked(cases, "chunk size overflowing 64 bits", "FFFFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n");
        chunked(cases, "chunk data longer than its size", "2\r\n" + new String(VALID) + "\r\n0\r\n\r\n");
        chunked(cases, "chunk without CRLF after its data", Integer.toHexString(VALID.length) + "\r\n"
                + new String(VALID) + "XX0\r\n\r\n");
        cases.add(CorpusCase.of("framing: Content-Length not a number", RawRequest.builder("POST", P)
                .contentLength("abc").bodySegments(List.of(new Segment(VALID, 0))).build(), Expect.rejected()));
        cases.add(CorpusCase.of("framing: negative Content-Length", RawRequest.builder("POST", P)
                .contentLength("-1").bodySegments(List.of(new Segment(VALID, 0))).build(), Expect.rejected()));
        cases.add(CorpusCase.of("framing: two different Content-Length headers", RawRequest.builder("POST", P)
                .contentLength(Integer.toString(VALID.length)).headerLine("Content-Length: 3")
                .bodySegments(List.of(new Segment(VALID, 0))).build(), Expect.rejected()));
        cases.add(CorpusCase.of("framing: unknown Transfer-Encoding", RawRequest.builder("POST", P)
                .header("Transfer-Encoding", "bogus").bodySegments(List.of(new Segment(VALID, 0))).build(),
                Expect.rejected()));
        cases.add(CorpusCase.of("framing: both Content-Length and chunked", RawRequest.builder("POST", P)
                .contentLength(Integer.toString(VALID.length)).header("Transfer-Encoding", "chunked")
                .bodySegments(List.of(new Segment(HttpWire.chunk(VALID), 0), new Segment(HttpWire.LAST_CHUNK, 0)))
                .build(), Expect.handled()));
        cases.add(CorpusCase.of("framing: gzip announced, plain body", RawRequest.builder("POST", P).body(VALID)
                .header("Content-Encoding", "gzip").build(), Expect.handled()));
    }

    private static void chunked(List<CorpusCase> cases, String name, String body) {
        cases.add(CorpusCase.of("chunked: " + name, RawRequest.builder("POST", P).header("Transfer-Encoding", "chunked")
                .bodySegments(List.of(new Segment(utf8(body), 0))).build(), Expect.rejected(400)));
    }

    private static void headersAndUris(List<CorpusCase> cases) {
        RawRequest.Builder flood = RawRequest.builder("POST", P).body(VALID);
        for (int i = 0; i < 1000; i++) {
            flood.headerLine("X-Flood-" + i + ": " + i);
        }
        cases.add(CorpusCase.of("headers: 1000 headers", flood.build(), Expect.rejected()));
        cases.add(CorpusCase.of("headers: one 64 KB header", RawRequest.builder("POST", P).body(VALID)
                .header("X-Huge", "h".repeat(64 * 1024)).build(), Expect.rejected()));
        cases.add(CorpusCase.of("headers: 64 KB cookie on /v1/models", RawRequest.builder("GET", "/v1/models")
                .header("Cookie", "c=" + "c".repeat(64 * 1024)).build(), Expect.rejected()));
        cases.add(CorpusCase.of("headers: line without a colon", RawRequest.builder("POST", P).body(VALID)
                .headerLine("NoColonHere").build(), Expect.rejected()));
        cases.add(CorpusCase.of("headers: space in a header name", RawRequest.builder("POST", P).body(VALID)
                .headerLine("Bad Name: x").build(), Expect.rejected()));
        cases.add(CorpusCase.of("uri: 10 KB query on /v1/responses",
                RawRequest.of("POST", P + "?q=" + "q".repeat(10_000), VALID), Expect.rejected()));
        cases.add(CorpusCase.of("uri: 100 KB path under /v1/",
                RawRequest.of("GET", "/v1/" + "p".repeat(100_000), null), Expect.rejected()));
        cases.add(CorpusCase.of("uri: 10 KB query on /v1/models",
                RawRequest.of("GET", "/v1/models?q=" + "q".repeat(10_000), null), Expect.rejected()));
        cases.add(CorpusCase.of("uri: raw 0xFF byte in the path", RawRequest.raw("POST", "/v1/responses",
                JsonSyntaxCases.concat(utf8("POST /v1/respons"), new byte[] {(byte) 0xFF},
                        utf8("es HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))),
                Expect.rejected()));
        cases.add(CorpusCase.of("uri: percent-encoded invalid UTF-8", RawRequest.of("GET", "/v1/%FF%FE", null),
                Expect.rejected()));
        cases.add(CorpusCase.of("uri: NUL in the path", RawRequest.raw("GET", "/v1/models",
                utf8("GET /v1/mo\u0000dels HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), Expect.rejected()));
        cases.add(CorpusCase.of("uri: upper-case path", RawRequest.postJson("/V1/RESPONSES", new String(VALID)),
                Expect.rejected(404)));
        cases.add(CorpusCase.of("uri: dot segments to a valid endpoint",
                RawRequest.postJson("/v1/x/../responses", new String(VALID)), Expect.handled()));
        cases.add(CorpusCase.of("uri: query string on a valid endpoint",
                RawRequest.postJson(P + "?stream=true&x=%00", new String(VALID)), Expect.handled()));
        cases.add(CorpusCase.of("request line: garbage", RawRequest.raw("HELLO", "/nope",
                utf8("HELLO\r\n\r\n")), Expect.rejected()));
        cases.add(CorpusCase.of("request line: unknown method on /v1/responses", RawRequest.raw("BREW", P,
                utf8("BREW /v1/responses HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")),
                Expect.rejected()));
        cases.add(CorpusCase.of("request line: HTTP/1.0 without Host", RawRequest.raw("GET", "/v1/models",
                utf8("GET /v1/models HTTP/1.0\r\n\r\n")), Expect.handled()));
    }
}
