package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.FakeChatServer.Reply;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.OtlpReceiver;
import io.camelgateway.testing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Codex CLI → gateway (exporting traces to an in-process OTLP/HTTP receiver) → a chat provider. Each of Codex's
 * two requests (the tool call, then the answer after running it) is one trace: a SERVER span with Codex's session
 * and turn ids, and a CLIENT span whose id reached the provider in {@code traceparent}.
 */
class CodexTracesE2ETest {

    static final String MODEL = "local/qwen3-coder";

    private OtlpReceiver receiver;
    private FakeChatServer upstream;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.binary();
        receiver = OtlpReceiver.start();
        upstream = FakeChatServer.start().requireApiKey("sk-local-e2e-traces").models("qwen3-coder");
        gateway = GatewayProcess.builder()
                .property("gateway.local.base-url", upstream.baseUrl())
                .property("gateway.catalog.models", MODEL)
                .env("LOCAL_API_KEY", "sk-local-e2e-traces")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, upstream, receiver);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly
    void eachCodexRequestIsOneTraceWithItsSessionAndTheUpstreamCall(@TempDir Path work) throws Exception {
        upstream.enqueue(
                Reply.sse(CodexChatUpstreamE2ETest.toolCallStream("call_exec_1", "exec_command",
                        "{\"cmd\":\"echo traced-by-codex > proof.txt\"}")),
                Reply.sse(FakeChatServer.stream().text("Done.").usage(150, 3).build()));

        CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), MODEL, work, "Write proof.txt with a shell command.",
                Duration.ofSeconds(120));
        String context = run.describe() + "\n--- gateway log ---\n" + gateway.log();
        assertEquals(0, run.exitCode(), context);
        assertEquals(2, upstream.requests().size(), context);

        List<ReceivedSpan> servers = awaitServerSpans(2, context);
        assertEquals(2, servers.stream().map(ReceivedSpan::traceId).distinct().count(), "one trace per request");
        Set<Object> sessions = servers.stream().map(s -> s.attribute("gateway.codex.session_id"))
                .collect(Collectors.toSet());
        assertEquals(1, sessions.size(), "one Codex session: " + servers);
        assertNotNull(sessions.iterator().next(), "Codex's session id: " + servers);
        assertEquals(2, servers.stream().map(s -> s.attribute("gateway.codex.turn_id")).filter(t -> t != null)
                .count(), servers.toString());

        for (int i = 0; i < 2; i++) {
            String traceparent = upstream.requests().get(i).header("traceparent");
            assertNotNull(traceparent, "request " + i + " carried no traceparent");
            String[] parts = traceparent.split("-");
            List<ReceivedSpan> trace = receiver.spans().stream().filter(s -> s.traceId().equals(parts[1])).toList();
            ReceivedSpan attempt = trace.stream().filter(s -> s.spanId().equals(parts[2])).findFirst().orElse(null);
            assertNotNull(attempt, "the upstream's parent span was exported: " + trace);
            assertEquals(SpanKind.SPAN_KIND_CLIENT, attempt.kind());
            ReceivedSpan server = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).findFirst()
                    .orElseThrow();
            assertEquals(server.spanId(), attempt.parentSpanId());
            assertTrue(server.events().contains("gateway.first_token"), server.toString());
            assertEquals("local/qwen3-coder", server.attribute("gen_ai.request.model"));
            List<String> reasons = List.of(i == 0 ? "tool_calls" : "stop");
            assertEquals(reasons, attempt.attribute("gen_ai.response.finish_reasons"), attempt.toString());
            assertEquals(reasons, server.attribute("gen_ai.response.finish_reasons"), server.toString());
        }
        ReceivedSpan toolTurn = servers.stream().filter(s -> s.attribute("gateway.tool_calls") != null).findFirst()
                .orElseThrow(() -> new AssertionError("no span names the tool call: " + servers));
        assertEquals(List.of("exec_command"), toolTurn.attribute("gateway.tool_calls"));
        assertFalse(receiver.spans().toString().contains("Write proof.txt"), "no prompt content by default");
        assertFalse(receiver.spans().toString().contains("sk-local-e2e-traces"), "no provider key");
    }

    private List<ReceivedSpan> awaitServerSpans(int count, String context) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<ReceivedSpan> servers = receiver.spans().stream()
                    .filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).toList();
            if (servers.size() >= count) {
                assertEquals(count, servers.size(), servers + "\n" + context);
                return servers;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(servers.size() + " server spans of " + count + ": " + receiver.spans()
                        + "\n" + context);
            }
            Thread.sleep(50);
        }
    }
}
