package io.camelgateway.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The credential chain runs on its own thread: an event loop never waits for it, a worker waits only at first. */
class BedrockCredentialsTest {

    private static final AwsCredentialsIdentity IDENTITY = AwsCredentialsIdentity.create("AKIATESTTESTTEST", "secret-that-stays-secret");

    private static AwsCredentialsIdentity slowly(AtomicInteger calls, String thread[]) {
        calls.incrementAndGet();
        thread[0] = Thread.currentThread().getName();
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return IDENTITY;
    }

    @Test
    void anEventLoopNeverWaitsForTheChain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String[] thread = new String[1];
        BedrockCredentials credentials = BedrockCredentials.lookingUpWith(() -> slowly(calls, thread));
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<long[]> onLoop = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                long start = System.nanoTime();
                AwsCredentialsIdentity seen = credentials.current();
                onLoop.complete(new long[] {(System.nanoTime() - start) / 1_000_000, seen == null ? 0 : 1});
            });
            long[] result = onLoop.get(5, TimeUnit.SECONDS);
            assertTrue(result[0] < 500, "the event loop waited " + result[0] + " ms");
            assertEquals(0, result[1], "nothing is known yet");

            assertEquals(IDENTITY, credentials.current(), "a worker waits for the first lookup");
            assertEquals("bedrock-credentials", thread[0]);
            assertEquals(1, calls.get());
            assertEquals(IDENTITY, credentials.current());
            assertEquals(1, calls.get(), "later turns read the cached credentials");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void noCredentialsAreReportedWithoutTheChainsWords() {
        BedrockCredentials none = BedrockCredentials.lookingUpWith(() -> {
            throw new IllegalStateException("line 3: aws_secret_access_key = leaked");
        });
        assertNull(none.current());
        String described = none.describe();
        assertTrue(described.contains("NOT found"), described);
        assertFalse(described.contains("leaked"), described);
        assertTrue(BedrockCredentials.lookingUpWith(() -> IDENTITY).describe().contains("found"));
    }
}
