package io.camelgateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceFileTest {

    @TempDir
    Path dir;

    @Test
    void theShippedFilePricesEveryDefaultModelWithADate() {
        PriceTable table = new PriceFile(Path.of("prices.yaml")).table();
        assertNotNull(table.checked());
        for (String model : new String[] {"claude-opus-4-7", "claude-sonnet-4-6", "claude-haiku-4-5"}) {
            assertNotNull(table.price("anthropic", model), model);
        }
        assertNotNull(table.price("openai", "gpt-5.1"));
        assertNotNull(table.price("anthropic", "claude-opus-4-7-20260420"), "a dated id falls back to its name");
        assertNotNull(table.flagshipCost(new Usage(1, 0, 0, 1, 0)));
    }

    @Test
    void costIsExactAndSplitsCacheReadsWritesAndReasoning() throws IOException {
        PriceTable table = new PriceFile(write("""
                checked: 2026-11-29
                models:
                  p/m: { input: 3, cached_input: 0.3, cache_write: 3.75, output: 15, reasoning: 20 }
                """)).table();
        // 1000 uncached + 2000 cache reads + 400 cache writes; 500 output of which 100 reasoning
        BigDecimal cost = table.cost("p", "m", new Usage(3400, 2000, 400, 500, 100));
        BigDecimal expected = new BigDecimal("0.003").add(new BigDecimal("0.0006")).add(new BigDecimal("0.0015"))
                .add(new BigDecimal("0.006")).add(new BigDecimal("0.002"));
        assertEquals(0, expected.compareTo(cost), cost.toPlainString());
        assertEquals(0, new BigDecimal("0.0000003").compareTo(table.cost("p", "m", new Usage(0, 1, 0, 0, 0))));
    }

    @Test
    void unknownModelCostsNullNotZeroAndIsCounted() throws IOException {
        PriceTable table = new PriceFile(write("models:\n  p/m: { input: 1, cached_input: 1, cache_write: 1, output: 1, reasoning: 1 }\n")).table();
        assertNull(table.cost("p", "other", new Usage(10, 0, 0, 10, 0)));
        assertNull(table.cost("q", "m", new Usage(10, 0, 0, 10, 0)));
        assertEquals(2, table.unpricedCount());
    }

    @Test
    void aChangedFileIsReloadedAndABrokenOneKeepsThePreviousTable() throws IOException {
        Path file = write("models:\n  p/m: { input: 1, cached_input: 1, cache_write: 1, output: 1, reasoning: 1 }\n");
        PriceFile prices = new PriceFile(file);
        assertEquals(0, BigDecimal.ONE.compareTo(prices.table().cost("p", "m", new Usage(1_000_000, 0, 0, 0, 0))));

        Files.writeString(file, "models:\n  p/m: { input: 2, cached_input: 1, cache_write: 1, output: 1, reasoning: 1 }\n");
        touch(file, 10);
        assertEquals(0, BigDecimal.valueOf(2).compareTo(prices.table().cost("p", "m", new Usage(1_000_000, 0, 0, 0, 0))));

        Files.writeString(file, "models:\n  p/m: { input: lots }\n");
        touch(file, 20);
        assertEquals(0, BigDecimal.valueOf(2).compareTo(prices.table().cost("p", "m", new Usage(1_000_000, 0, 0, 0, 0))));

        Files.writeString(file, "models: [unclosed\n");
        touch(file, 30);
        assertTrue(prices.table().price("p", "m") != null);
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("prices.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** File systems with coarse timestamps would otherwise hide a quick rewrite. */
    private static void touch(Path file, int seconds) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(seconds)));
    }
}
