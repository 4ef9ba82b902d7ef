package io.camelgateway.routing;

import static io.camelgateway.routing.RoutedGateway.body;
import static io.camelgateway.routing.RoutedGateway.header;
import static io.camelgateway.routing.RoutedGateway.promptOfTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits {@code routes/router.yaml} beside a running gateway: the change is live within seconds, an open stream
 * finishes, no request sees a 503, and a broken file is rejected while the previous router keeps serving.
 */
@Timeout(180)
class RouterHotReloadTest {

    private static final String THRESHOLD = "{{router.threshold:10000}}";

    @TempDir
    Path work;
    private FakeAnthropicServer upstream;
    private GatewayProcess gateway;
    private String shipped;

    @BeforeEach
    void start() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/routes/router.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(shipped.contains(THRESHOLD), "the shipped router has the threshold placeholder");
        Files.createDirectories(work.resolve("routes"));
        Files.writeString(work.resolve("routes/router.yaml"), shipped);
        upstream = FakeAnthropicServer.start(RoutedGateway.PROVIDER_KEY);
        gateway = GatewayProcess.builder().workDir(work)
                .property("gateway.anthropic.base-url", upstream.baseUrl())
                .env("ANTHROPIC_API_KEY", RoutedGateway.PROVIDER_KEY)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Replaces the file in one step (a half-written file would be seen, and rightly rejected, by the watcher). */
    private void saveRouter(String content) throws Exception {
        Path staged = work.resolve("router.yaml.new");
        Files.writeString(staged, content);
        Files.move(staged, work.resolve("routes/router.yaml"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private HttpResponse<String> smallTurn() throws Exception {
        return RoutedGateway.send(gateway.baseUrl(), upstream, body("auto", promptOfTokens(20)));
    }

    /** Sends small turns until {@code route} answers; every answer must be a 200. Returns the elapsed time. */
    private Duration untilRoute(String route, List<Integer> statuses) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            HttpResponse<String> response = smallTurn();
            statuses.add(response.statusCode());
            assertEquals(200, response.statusCode(), response.body() + "\n" + gateway.log());
            if (route.equals(header(response, "x-gateway-route"))) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
                break;
            }
        }
        throw new AssertionError("route " + route + " never answered\n" + gateway.log());
    }

    private long rejectedTotal() throws Exception {
        return InputTokenCounterTest.JSON.readTree(SseClient.get(gateway.baseUrl() + "/ready").body())
                .path("route_reload_rejected_total").asLong();
    }

    private void awaitRejections(long atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rejectedTotal() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "the broken file was not rejected\n" + gateway.log());
            Thread.sleep(50);
        }
    }

    @Test
    void anEditIsLiveWithinSecondsWhileAStreamIsOpenAndABrokenFileIsRejected() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        assertEquals("default", header(smallTurn(), "x-gateway-route"));

        // A slow stream (about 3.5 s) is open on the provider while the router changes under it.
        upstream.enqueue(Reply.sse(FakeAnthropicServer.textStream("slow answer"), Duration.ofMillis(500)));
        int before = upstream.requestCount();
        CompletableFuture<SseClient.Result> stream = CompletableFuture.supplyAsync(() -> {
            try {
                return SseClient.stream(gateway.baseUrl() + "/v1/responses", body("auto", "Stream slowly.").toString(),
                        Duration.ofSeconds(60));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (upstream.requestCount() == before) {
            assertTrue(System.nanoTime() < deadline, "the stream never reached the upstream");
            Thread.sleep(10);
        }

        saveRouter(shipped.replace(THRESHOLD, "{{router.threshold:5}}"));
        Duration live = untilRoute("tokens-over-threshold", statuses);
        System.out.println("router edit live after " + live.toMillis() + " ms, " + statuses.size() + " requests, all 200");
        assertTrue(live.compareTo(Duration.ofSeconds(10)) < 0, "took " + live);
        assertTrue(!stream.isDone(), "the edit must land while the stream is still open; raise the event delay");

        SseClient.Result result = stream.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, result.status(), result.body());
        assertTrue(result.types().contains("response.completed"), result.types().toString());
        assertEquals("default", result.headers().firstValue("x-gateway-route").orElse(null), "routed before the edit");

        // A broken Simple expression (fails only when the route is built) and a YAML syntax error: both rejected.
        long rejected = rejectedTotal();
        saveRouter(shipped.replace("${header.GatewayInputTokens} > " + THRESHOLD, "${header.GatewayInputTokens > 5"));
        awaitRejections(rejected + 1);
        saveRouter(shipped.replace("- route:", "- route: [unclosed"));
        awaitRejections(rejected + 2);
        assertTrue(gateway.log().contains("Route file") && gateway.log().contains("rejected"), gateway.log());
        gateway.log().lines().filter(l -> l.contains("rejected")).forEach(System.out::println);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = smallTurn();
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("tokens-over-threshold", header(response, "x-gateway-route"), "the previous router serves");
        }

        // A good save after the rejected ones applies again.
        saveRouter(shipped);
        untilRoute("default", statuses);
        assertTrue(statuses.stream().allMatch(s -> s == 200), statuses.toString());
    }

    private long reloadsApplied() {
        return gateway.log().lines().filter(l -> l.contains("Routes reloaded summary")).count();
    }

    /**
     * Saving in place (truncate, then write, as {@code cat >} or many editors do) raises two watch events for one
     * save; each save must be validated, counted and applied once.
     */
    @Test
    void aSaveInPlaceIsCountedAndAppliedOnceEvenWhenTheWatcherSeesItTwice() throws Exception {
        Path router = work.resolve("routes/router.yaml");
        String broken = shipped.replace("- route:", "- route: [unclosed");
        for (int save = 0; save < 3; save++) {
            long rejected = rejectedTotal();
            Files.writeString(router, broken);
            awaitRejections(rejected + 1);
            Thread.sleep(1500); // a second event of the same save has been handled by now
            assertEquals(rejected + 1, rejectedTotal(), "one bad save, one rejection\n" + gateway.log());

            long applied = reloadsApplied();
            Files.writeString(router, shipped);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (reloadsApplied() == applied) {
                assertTrue(System.nanoTime() < deadline, "the good save was not applied\n" + gateway.log());
                Thread.sleep(50);
            }
            Thread.sleep(1500);
            assertEquals(applied + 1, reloadsApplied(), "one good save, one reload\n" + gateway.log());
            assertEquals(200, smallTurn().statusCode());
        }
    }
}
