package io.camelgateway.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bad-input corpus (issue 7): several hundred malformed, hostile and edge-case requests over raw sockets to one
 * gateway process in front of permissive fake providers. Each must get its answer within 5 s: a 4xx in the
 * client's error shape for a client's mistake (never a 5xx, never a provider call), nothing internal in the body.
 * Afterwards the gateway must still be healthy, with no concurrency slot leaked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusTest {

    static final long ANSWER_DEADLINE_MS = 5000;
    private static final int MAX_CONCURRENT = 50;

    private static CorpusUpstream anthropic;
    private static CorpusUpstream openai;
    private static GatewayProcess gateway;
    private static RawHttpClient client;

    @BeforeAll
    static void start() throws Exception {
        anthropic = new CorpusUpstream();
        openai = new CorpusUpstream();
        gateway = GatewayProcess.builder()
                .property("camel.server.max-body-size", Integer.toString(WireCases.MAX_BODY))
                .property("gateway.request.body-timeout-ms", "2000")
                .property("gateway.request.head-timeout-ms", "2000")
                .property("gateway.overload.max-concurrent-requests", Integer.toString(MAX_CONCURRENT))
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.openai.base-url", openai.baseUrl() + "/v1")
                .property("gateway.retry.max-retries", "0")
                .env("ANTHROPIC_API_KEY", "sk-ant-corpus-key")
                .env("OPENAI_API_KEY", "sk-openai-corpus-key")
                .start();
        client = new RawHttpClient(gateway.port(), ANSWER_DEADLINE_MS);
    }

    @AfterAll
    static void stop() throws Exception {
        Closeables.closeAll(gateway, anthropic, openai);
    }

    static List<CorpusCase> corpus() {
        List<CorpusCase> all = new ArrayList<>();
        all.addAll(FieldTypeCases.all());
        all.addAll(JsonSyntaxCases.all());
        all.addAll(StringHazardCases.all());
        all.addAll(WireCases.all());
        all.addAll(MethodPathCases.all());
        return all;
    }

    @Test
    @Order(0)
    void theCorpusIsLargeAndItsNamesAreUnique() {
        List<CorpusCase> all = corpus();
        assertTrue(all.size() >= 150, "corpus has only " + all.size() + " cases");
        assertEquals(all.size(), all.stream().map(CorpusCase::name).distinct().count(), "duplicate case names");
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> badInputCorpus() {
        CorpusJudge judge = new CorpusJudge(client, () -> anthropic.requests() + openai.requests());
        return corpus().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> judge.check(c)));
    }

    @Test
    @Order(2)
    void theGatewayIsHealthyAfterTheCorpusAndNoSlotLeaked() throws Exception {
        assertTrue(gateway.process().isAlive(), "the gateway process died");
        RawResponse health = client.send(RawRequest.of("GET", "/health", null));
        assertEquals(200, health.status(), health.describe());
        String valid = StringHazardCases.minimal("responses").toString();
        int before = anthropic.requests();
        // more sequential turns than the concurrency cap: a slot leaked by any case above shows up as a 429
        for (int i = 0; i < MAX_CONCURRENT + 10; i++) {
            RawResponse turn = client.send(RawRequest.postJson("/v1/responses", valid));
            assertEquals(200, turn.status(), "turn " + i + ": " + turn.describe());
        }
        assertEquals(MAX_CONCURRENT + 10, anthropic.requests() - before);
        allSlotsAreFree();
        String stream = StringHazardCases.minimal("chat").put("stream", true).toString();
        RawResponse streamed = client.send(RawRequest.postJson("/v1/chat/completions", stream));
        assertEquals(200, streamed.status(), streamed.describe());
        assertTrue(streamed.bodyText().contains("[DONE]"), streamed.describe());
    }

    /** Exactly the cap of turns held open at the provider at once: all admitted only if no slot leaked. */
    private static void allSlotsAreFree() throws Exception {
        RawHttpClient patient = new RawHttpClient(gateway.port(), 30_000);
        String valid = StringHazardCases.minimal("responses").toString();
        int before = anthropic.requests();
        anthropic.hold();
        ExecutorService pool = Executors.newFixedThreadPool(MAX_CONCURRENT);
        try {
            List<Future<RawResponse>> turns = new ArrayList<>();
            for (int i = 0; i < MAX_CONCURRENT; i++) {
                turns.add(pool.submit(() -> patient.send(RawRequest.postJson("/v1/responses", valid))));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (anthropic.requests() - before + done(turns) < MAX_CONCURRENT && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            anthropic.release();
            for (Future<RawResponse> turn : turns) {
                RawResponse response = turn.get(30, TimeUnit.SECONDS);
                assertEquals(200, response.status(), "with " + MAX_CONCURRENT + " turns open at once (the cap), "
                        + "one was refused: a slot leaked. " + response.describe());
            }
        } finally {
            anthropic.release();
            pool.shutdownNow();
        }
    }

    private static int done(List<Future<RawResponse>> turns) {
        return (int) turns.stream().filter(Future::isDone).count();
    }
}
