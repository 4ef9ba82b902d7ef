package io.camelgateway.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.OtlpReceiver;
import io.camelgateway.testing.OtlpReceiver.ReceivedSpan;
import io.camelgateway.testing.TestRunRecord;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as a real process exporting to a real OTLP/HTTP receiver on loopback: a streamed Codex turn (the
 * captured Codex request body, with the client's {@code traceparent}) through a chat provider gives one trace whose
 * spans, kinds, parents and GenAI attributes are checked, with {@code traceparent} injected upstream; content only
 * when switched on; no secret anywhere; without OTEL_* nothing is exported and no exporter thread runs.
 */
class GatewayTracesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "admin-token-traces-test-0123456789";
    private static final String PEPPER = "pepper-traces-test-0123456789abcdef";
    private static final String PROVIDER_KEY = "sk-local-traces-secret-42";
    private static final String SESSION_ID = "01a21044-3f6e-75f2-88a8-d8f56fea74e2";
    private static final String TURN_ID = "01a21044-3f88-70c1-a394-2f2d21678dce";
    /** Words of the captured Codex prompt: never in a span unless content capture is on. */
    private static final String PROMPT_WORDS = "You are a coding agent running in the Codex CLI";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OtlpReceiver receiver;
    private FakeChatServer upstream;
    private GatewayProcess gateway;

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, upstream, receiver);
    }

    private GatewayProcess.Builder gatewayWith(Path dir) throws IOException {
        Path prices = dir.resolve("prices.yaml");
        Files.writeString(prices, "flagship: local/qwen3-coder\nmodels:\n"
                + "  local/qwen3-coder: { input: 2.00, cached_input: 0.50, cache_write: 2.50, output: 10.00, reasoning: 10.00 }\n");
        upstream = FakeChatServer.start().requireApiKey(PROVIDER_KEY).models("qwen3-coder");
        return GatewayProcess.builder()
                .property("gateway.local.base-url", upstream.baseUrl())
                .property("gateway.auth.mode", "keys")
                .property("gateway.db.url", "jdbc:h2:file:" + dir.resolve("gateway").toAbsolutePath())
                .property("gateway.prices.file", prices.toAbsolutePath().toString())
                .env("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN).env("GATEWAY_KEY_PEPPER", PEPPER)
                .env("LOCAL_API_KEY", PROVIDER_KEY);
    }

    private GatewayProcess.Builder traced(GatewayProcess.Builder builder) {
        return builder.env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                .env("OTEL_SERVICE_NAME", "gateway-under-test");
    }

    @Test
    @Timeout(180)
    void aStreamedCodexTurnIsOneTraceWithTheGenAiAttributes(@TempDir Path dir) throws Exception {
        receiver = OtlpReceiver.start();
        gateway = traced(gatewayWith(dir)).start();
        String key = issueKey("ana", "platform");
        String traceId = hex(16);
        String clientSpanId = hex(8);
        upstream.enqueue(FakeChatServer.Reply.sse(toolCallStream()));

        HttpResponse<String> answer = turn(key, "00-" + traceId + "-" + clientSpanId + "-01");
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("response.completed"), answer.body());

        List<ReceivedSpan> trace = receiver.awaitTrace(traceId,
                spans -> spans.stream().anyMatch(s -> s.kind() == SpanKind.SPAN_KIND_SERVER), Duration.ofSeconds(30));
        String context = describe(trace) + "\n--- gateway log ---\n" + gateway.log();

        ReceivedSpan server = only(trace, SpanKind.SPAN_KIND_SERVER, context);
        assertEquals("POST /v1/responses", server.name(), context);
        assertEquals(clientSpanId, server.parentSpanId(), "the client's traceparent is the parent: " + context);
        assertEquals("gateway-under-test", server.resource().get("service.name"), context);
        assertEquals("chat", server.attribute("gen_ai.operation.name"), context);
        assertEquals("local/qwen3-coder", server.attribute("gen_ai.request.model"), context);
        assertEquals("qwen3-coder", server.attribute("gen_ai.response.model"), context);
        assertEquals("local", server.attribute("gen_ai.provider.name"), context);
        assertEquals(2048L, server.attribute("gen_ai.request.max_tokens"), context);
        assertEquals(1200L, server.attribute("gen_ai.usage.input_tokens"), context);
        assertEquals(20L, server.attribute("gen_ai.usage.output_tokens"), context);
        assertEquals(1000L, server.attribute("gen_ai.usage.cache_read.input_tokens"), context);
        assertEquals(List.of("tool_calls"), server.attribute("gen_ai.response.finish_reasons"), context);
        assertEquals(List.of("exec_command"), server.attribute("gateway.tool_calls"), context);
        assertEquals("direct", server.attribute("gateway.route.rule"), context);
        assertEquals("platform", server.attribute("gateway.team"), context);
        assertTrue(String.valueOf(server.attribute("gateway.key.id")).startsWith("key_"), context);
        assertEquals(SESSION_ID, server.attribute("gateway.codex.session_id"), context);
        assertEquals(SESSION_ID, server.attribute("gateway.codex.thread_id"), context);
        assertEquals(TURN_ID, server.attribute("gateway.codex.turn_id"), context);
        assertEquals(200L, server.attribute("http.response.status_code"), context);
        // 200 uncached input at $2/M + 1000 cached at $0.50/M + 20 output at $10/M
        assertEquals(0.0004 + 0.0005 + 0.0002, (Double) server.attribute("gateway.cost.usd"), 1e-9, context);
        assertTrue(server.events().contains("gateway.first_token"), context);

        ReceivedSpan attempt = only(trace, SpanKind.SPAN_KIND_CLIENT, context);
        assertEquals("chat qwen3-coder", attempt.name(), context);
        assertEquals(server.spanId(), attempt.parentSpanId(), context);
        assertEquals("local", attempt.attribute("gen_ai.provider.name"), context);
        assertEquals("qwen3-coder", attempt.attribute("gen_ai.request.model"), context);
        assertEquals("qwen3-coder", attempt.attribute("gen_ai.response.model"), context);
        assertEquals(1200L, attempt.attribute("gen_ai.usage.input_tokens"), context);
        assertEquals(20L, attempt.attribute("gen_ai.usage.output_tokens"), context);
        assertEquals(1000L, attempt.attribute("gen_ai.usage.cache_read.input_tokens"), context);
        assertEquals(List.of("tool_calls"), attempt.attribute("gen_ai.response.finish_reasons"), context);
        assertEquals(List.of("exec_command"), attempt.attribute("gateway.tool_calls"), context);
        assertEquals(200L, attempt.attribute("http.response.status_code"), context);
        assertEquals("127.0.0.1", attempt.attribute("server.address"), context);
        assertTrue(String.valueOf(attempt.attribute("gen_ai.response.id")).startsWith("resp_"), context);
        assertTrue(answer.body().contains(String.valueOf(attempt.attribute("gen_ai.response.id"))), context);
        assertTrue(attempt.events().contains("gateway.first_token"), context);
        assertTrue(attempt.eventAttributes().get("gateway.first_token").get("gateway.time_to_first_token_ms")
                instanceof Double ttft && ttft >= 0, context);

        // the provider saw this trace, with the attempt's CLIENT span as the parent
        assertEquals("00-" + traceId + "-" + attempt.spanId() + "-01", upstream.requests().get(0).header("traceparent"),
                context);
        assertEquals("client=1", upstream.requests().get(0).header("tracestate"), context);
        assertEquals(null, upstream.requests().get(0).header("baggage"), "a client's baggage stays here");

        assertEquals(server.spanId(), named(trace, "gateway.decode", context).parentSpanId(), context);
        assertEquals(server.spanId(), named(trace, "gateway.count_tokens", context).parentSpanId(), context);
        ReceivedSpan routing = named(trace, "gateway.route", context);
        assertEquals(server.spanId(), routing.parentSpanId(), context);
        assertEquals("direct", routing.attribute("gateway.route.rule"), context);
        assertEquals(attempt.spanId(), named(trace, "gateway.stream", context).parentSpanId(), context);
        assertEquals(6, trace.size(), "one trace of six spans: " + context);

        String everything = describe(receiver.spans());
        assertFalse(everything.contains(PROMPT_WORDS), "no prompt content by default: " + context);
        assertFalse(everything.contains("echo traced"), "no completion content by default: " + context);
        assertFalse(server.attributes().containsKey("gen_ai.input.messages"), context);
        assertNoSecrets(everything, key);
        assertTrue(threads(gateway).contains("BatchSpanProcessor"), "the exporter runs when configured");
    }

    @Test
    @Timeout(180)
    void contentIsInTheSpansOnlyWhenSwitchedOnAndARefusedRequestStillEndsItsSpan(@TempDir Path dir) throws Exception {
        receiver = OtlpReceiver.start();
        gateway = traced(gatewayWith(dir)).env("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true").start();
        String key = issueKey("bo", "web");
        String traceId = hex(16);
        upstream.enqueue(FakeChatServer.Reply.sse(toolCallStream()));

        HttpResponse<String> answer = turn(key, "00-" + traceId + "-" + hex(8) + "-01");
        assertEquals(200, answer.statusCode(), answer.body());

        List<ReceivedSpan> trace = receiver.awaitTrace(traceId,
                spans -> spans.stream().anyMatch(s -> s.kind() == SpanKind.SPAN_KIND_SERVER), Duration.ofSeconds(30));
        String context = describe(trace);
        ReceivedSpan server = only(trace, SpanKind.SPAN_KIND_SERVER, context);
        String input = String.valueOf(server.attribute("gen_ai.input.messages"));
        assertTrue(input.contains(PROMPT_WORDS) && input.contains("Run the shell command 'echo hello'"), context);
        ReceivedSpan attempt = only(trace, SpanKind.SPAN_KIND_CLIENT, context);
        assertTrue(String.valueOf(attempt.attribute("gateway.completion")).contains("echo traced"), context);

        // refused before any upstream call (a body that is no JSON): the request's span still ends, with the error
        String refusedTrace = hex(16);
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/responses"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .header("traceparent", "00-" + refusedTrace + "-" + hex(8) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": ")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), refused.body());
        List<ReceivedSpan> refusal = receiver.awaitTrace(refusedTrace,
                spans -> spans.stream().anyMatch(s -> s.kind() == SpanKind.SPAN_KIND_SERVER), Duration.ofSeconds(30));
        ReceivedSpan refusedServer = only(refusal, SpanKind.SPAN_KIND_SERVER, describe(refusal));
        assertEquals(400L, refusedServer.attribute("http.response.status_code"), describe(refusal));
        assertEquals("invalid_request", refusedServer.attribute("error.type"), describe(refusal));
        assertTrue(refusal.stream().anyMatch(sp -> sp.name().equals("gateway.decode")), describe(refusal));
        assertTrue(refusal.stream().noneMatch(sp -> sp.kind() == SpanKind.SPAN_KIND_CLIENT), describe(refusal));

        // a routed alias: the routing step names the rule the router route fired (the same as x-gateway-route)
        String routedTrace = hex(16);
        HttpResponse<String> routed = turn(key, "00-" + routedTrace + "-" + hex(8) + "-01", "auto");
        String rule = routed.headers().firstValue("x-gateway-route").orElse(null);
        assertNotNull(rule, routed.statusCode() + " " + routed.headers() + " " + routed.body());
        List<ReceivedSpan> routedSpans = receiver.awaitTrace(routedTrace,
                spans -> spans.stream().anyMatch(sp -> sp.kind() == SpanKind.SPAN_KIND_SERVER), Duration.ofSeconds(30));
        ReceivedSpan routing = named(routedSpans, "gateway.route", describe(routedSpans));
        assertEquals(rule, routing.attribute("gateway.route.rule"), describe(routedSpans));
        assertTrue(String.valueOf(routing.attribute("gateway.route.model")).startsWith("anthropic/"),
                describe(routedSpans));
        assertEquals(rule, only(routedSpans, SpanKind.SPAN_KIND_SERVER, describe(routedSpans))
                .attribute("gateway.route.rule"), describe(routedSpans));
        assertNoSecrets(describe(receiver.spans()), key);
    }

    @Test
    @Timeout(180)
    void aRetriedAttemptIsASecondClientSpanOfTheSameTrace(@TempDir Path dir) throws Exception {
        receiver = OtlpReceiver.start();
        gateway = traced(gatewayWith(dir)).property("gateway.retry.backoff-base-ms", "10").start();
        String key = issueKey("di", "ops");
        String traceId = hex(16);
        upstream.enqueue(FakeChatServer.Reply.error(500, FakeChatServer.errorBody("overloaded", "server_error", null),
                Map.of()), FakeChatServer.Reply.sse(toolCallStream()));

        HttpResponse<String> answer = turn(key, "00-" + traceId + "-" + hex(8) + "-01");
        assertEquals(200, answer.statusCode(), answer.body());

        List<ReceivedSpan> trace = receiver.awaitTrace(traceId,
                spans -> spans.stream().anyMatch(s -> s.kind() == SpanKind.SPAN_KIND_SERVER), Duration.ofSeconds(30));
        String context = describe(trace);
        ReceivedSpan server = only(trace, SpanKind.SPAN_KIND_SERVER, context);
        List<ReceivedSpan> attempts = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT)
                .sorted(java.util.Comparator.comparing(s -> (Long) s.attribute("gateway.attempt"))).toList();
        assertEquals(2, attempts.size(), context);
        attempts.forEach(a -> assertEquals(server.spanId(), a.parentSpanId(), context));
        assertEquals(500L, attempts.get(0).attribute("http.response.status_code"), context);
        assertNotNull(attempts.get(0).attribute("error.type"), context);
        assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR,
                attempts.get(0).status().getCode(), context);
        assertEquals(200L, attempts.get(1).attribute("http.response.status_code"), context);
        assertTrue(String.valueOf(attempts.get(1).attribute("gateway.attempt.reason")).startsWith("retry after"),
                context);
        assertEquals(2L, server.attribute("gateway.attempts"), context);
        for (int i = 0; i < 2; i++) {
            assertEquals("00-" + traceId + "-" + attempts.get(i).spanId() + "-01",
                    upstream.requests().get(i).header("traceparent"), "each attempt its own parent: " + context);
        }
    }

    @Test
    @Timeout(180)
    void withoutOtelVariablesNothingIsExportedAndNoExporterRuns(@TempDir Path dir) throws Exception {
        // where an exporter with default settings would send (http/protobuf), when that port is free here
        receiver = startOnDefaultPortOrAnywhere();
        gateway = gatewayWith(dir).start();
        String key = issueKey("cy", "data");
        upstream.enqueue(FakeChatServer.Reply.sse(toolCallStream()));

        HttpResponse<String> answer = turn(key, "00-" + hex(16) + "-" + hex(8) + "-01");
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(null, upstream.requests().get(0).header("traceparent"), "no propagation when tracing is off");
        Thread.sleep(500); // more than a batch delay would be
        assertEquals(0, receiver.requestCount(), "nothing exported");
        String threads = threads(gateway);
        assertFalse(threads.contains("BatchSpanProcessor"), threads);
        assertFalse(threads.contains("OkHttp"), threads);
        assertFalse(gateway.log().contains("Tracing on"), gateway.log());
    }

    private static OtlpReceiver startOnDefaultPortOrAnywhere() throws IOException {
        try {
            return OtlpReceiver.start(4318);
        } catch (IOException taken) {
            return OtlpReceiver.start();
        }
    }

    /** The captured Codex turn-1 body, streamed, for the local chat provider, with an output limit. */
    private HttpResponse<String> turn(String key, String traceparent) throws Exception {
        return turn(key, traceparent, "local/qwen3-coder");
    }

    private HttpResponse<String> turn(String key, String traceparent, String model) throws Exception {
        ObjectNode body;
        try (InputStream in = GatewayTracesTest.class.getResourceAsStream("/codex-captures/turn1-request-body.json")) {
            body = (ObjectNode) JSON.readTree(in);
        }
        body.put("model", model);
        body.put("max_output_tokens", 2048);
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/responses"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .header("traceparent", traceparent)
                .header("tracestate", "client=1")
                .header("baggage", "client.note=not-for-the-vendor")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A chat stream calling exec_command, with usage that reports 1000 of 1200 input tokens read from cache. */
    private static List<String> toolCallStream() {
        return FakeChatServer.stream().toolCall("exec_command", "{\"cmd\":\"echo traced\"}").usage(1200, 20).build()
                .stream().map(e -> e.replace("\"total_tokens\":1220",
                        "\"total_tokens\":1220,\"prompt_tokens_details\":{\"cached_tokens\":1000}")).toList();
    }

    private String issueKey(String owner, String team) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/admin/keys"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"owner\":\"" + owner + "\",\"team\":\"" + team + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        TestRunRecord.issuedKeys(created.body());
        return JSON.readTree(created.body()).path("key").asText();
    }

    private static void assertNoSecrets(String spans, String virtualKey) {
        for (String secret : List.of(virtualKey, PROVIDER_KEY, ADMIN_TOKEN, PEPPER)) {
            assertFalse(spans.contains(secret), "a secret reached the traces");
        }
        assertFalse(spans.toLowerCase().contains("bearer"), "an authorization header reached the traces");
    }

    /** The gateway's thread dump (jcmd of this JDK). */
    private static String threads(GatewayProcess gateway) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(gateway.pid()), "Thread.print")
                .redirectErrorStream(true).start();
        String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dump.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "jcmd hung");
        assertTrue(out.contains("Full thread dump"), "no thread dump: " + out);
        return out;
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, SpanKind kind, String context) {
        List<ReceivedSpan> found = trace.stream().filter(s -> s.kind() == kind).toList();
        assertEquals(1, found.size(), kind + ": " + context);
        return found.get(0);
    }

    private static ReceivedSpan named(List<ReceivedSpan> trace, String name, String context) {
        ReceivedSpan span = trace.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        assertNotNull(span, name + " missing: " + context);
        return span;
    }

    private static String describe(List<ReceivedSpan> spans) {
        StringBuilder out = new StringBuilder();
        spans.forEach(s -> out.append(s.name()).append(' ').append(s.kind()).append(" id=").append(s.spanId())
                .append(" parent=").append(s.parentSpanId()).append(' ').append(s.attributes()).append(' ')
                .append(s.eventAttributes()).append('\n'));
        return out.toString();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never the invalid all-zero id
        return java.util.HexFormat.of().formatHex(random);
    }
}
