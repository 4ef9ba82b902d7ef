package io.camelgateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cache across replicas and over time: two gateway processes on one Redis share answers (one fetches, the other
 * replays), and an answer is not replayed after its TTL, in Redis or in a replica's own Caffeine cache.
 */
class SharedResponseCacheTest {

    private static final String KEY = "sk-openai-shared-cache";
    private static final long TTL_MS = 2000;

    private static LocalRedis redis;
    private static FakeOpenAiServer openai;
    private static GatewayProcess one;
    private static GatewayProcess two;
    private static GatewayProcess alone;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        openai = FakeOpenAiServer.start(KEY).respondWith(received -> {
            ResponsesAnswer answer = new ResponsesAnswer().text("shared hello")
                    .functionCall("call_s", "exec_command", "{\"cmd\":\"pwd\"}");
            return received.body().contains("\"stream\":true") ? Reply.sse(answer.sse()) : Reply.json(answer.json());
        });
        one = gateway(redis.uri());
        two = gateway(redis.uri());
        alone = gateway(null);
    }

    private static GatewayProcess gateway(String redisUrl) throws Exception {
        GatewayProcess.Builder builder = GatewayProcess.builder()
                .property("gateway.openai.base-url", openai.baseUrl())
                .property("gateway.cache.enabled", "true")
                .property("gateway.cache.ttl-s", Long.toString(TTL_MS / 1000))
                .property("gateway.ledger.enabled", "false")
                .env("OPENAI_API_KEY", KEY);
        if (redisUrl != null) {
            builder.property("gateway.redis.url", redisUrl);
        }
        return builder.start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {alone, two, one, openai, redis}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private static String turn(String prompt, boolean stream) {
        return "{\"model\":\"openai/gpt-5-test\",\"stream\":" + stream + ",\"temperature\":0,\"input\":\"" + prompt
                + "\",\"store\":false}";
    }

    private static String verdict(GatewayProcess gateway, String body) throws Exception {
        CacheHttp.Answer answer = CacheHttp.post(gateway.baseUrl() + "/v1/responses", body);
        assertEquals(200, answer.status(), answer.body());
        return answer.cache();
    }

    @Test
    void oneReplicaStoresAndTheOtherReplays() throws Exception {
        String body = turn("shared between replicas", true);
        int before = openai.requestCount();
        long stored = System.nanoTime();
        assertEquals("miss", verdict(one, body));
        // the answer goes to Redis off the event loop, just after the client has it: a bounded wait for it
        String seen = "miss";
        for (int i = 0; i < 20 && !"hit".equals(seen); i++) {
            Thread.sleep(50);
            seen = verdict(two, body);
            assertTrue(System.nanoTime() - stored < TTL_MS * 1_000_000L, "too slow to tell sharing from expiry");
        }
        assertEquals("hit", seen);
        int fetched = openai.requestCount() - before;
        assertEquals("hit", verdict(two, turn("shared between replicas", false)), "a stream's answer serves JSON");
        assertEquals("hit", verdict(one, body));
        assertEquals(fetched, openai.requestCount() - before, "hits on either replica call no provider");
        assertTrue(fetched <= 2, "fetched " + fetched + " times");
    }

    @Test
    void anAnswerIsNotReplayedAfterItsTtl() throws Exception {
        for (GatewayProcess gateway : new GatewayProcess[] {one, alone}) {
            String body = turn("expiring on " + gateway.port(), false);
            assertEquals("miss", verdict(gateway, body));
            long storedAt = System.nanoTime();
            Thread.sleep(300);
            String early = verdict(gateway, body);
            if (System.nanoTime() - storedAt < TTL_MS * 1_000_000L / 2) {
                assertEquals("hit", early);
            }
            Thread.sleep(TTL_MS + 300);
            assertEquals("miss", verdict(gateway, body), "expired after " + TTL_MS + " ms");
        }
    }
}
