package io.camelgateway.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Prints how long counting the Codex turn-1 capture takes: the very first count (cold JVM), a first count with an
 * empty cache after JIT warm-up, and a repeated count of the same turn (every item cached).
 * Run: {@code java -cp target/classes:target/test-classes:<deps> io.camelgateway.routing.TokenCountBench}.
 */
public final class TokenCountBench {

    private TokenCountBench() {
    }

    public static void main(String[] args) throws Exception {
        ObjectNode turn = InputTokenCounterTest.capture("turn1-request-body.json");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;

        InputTokenCounter cold = new InputTokenCounter(10_000);
        long start = System.nanoTime();
        int tokens = cold.count(RecentToolsTest.facts("responses", turn, 3));
        long coldNanos = System.nanoTime() - start;

        long firstNanos = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            InputTokenCounter fresh = new InputTokenCounter(10_000);
            start = System.nanoTime();
            fresh.count(RecentToolsTest.facts("responses", turn, 3));
            firstNanos = Math.min(firstNanos, System.nanoTime() - start);
        }

        InputTokenCounter warm = new InputTokenCounter(10_000);
        warm.count(RecentToolsTest.facts("responses", turn, 3));
        long[] repeated = new long[rounds * 50];
        for (int i = 0; i < repeated.length; i++) {
            start = System.nanoTime();
            warm.count(RecentToolsTest.facts("responses", turn, 3));
            repeated[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(repeated);
        System.out.printf(Locale.ROOT, "turn-1 capture: %d tokens (o200k_base)%n", tokens);
        System.out.printf(Locale.ROOT, "first count, cold JVM:              %.3f ms%n", coldNanos / 1e6);
        System.out.printf(Locale.ROOT, "first count, empty cache, warm JIT: %.3f ms (best of %d)%n", firstNanos / 1e6, rounds);
        System.out.printf(Locale.ROOT, "repeated turn, all items cached:    p50 %.4f ms, p99 %.4f ms (%d runs)%n",
                repeated[repeated.length / 2] / 1e6, repeated[repeated.length * 99 / 100] / 1e6, repeated.length);
    }
}
