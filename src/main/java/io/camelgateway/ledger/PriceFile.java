package io.camelgateway.ledger;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's price file ({@code prices.yaml}): parsed into a {@link PriceTable}, reread when its modification
 * time changes. A file that does not parse keeps the previous table and is logged once per change.
 */
public final class PriceFile {

    private static final Logger LOG = LoggerFactory.getLogger(PriceFile.class);
    private static final String[] KINDS = {"input", "cached_input", "cache_write", "output", "reasoning"};

    private final Path path;
    private volatile PriceTable table = PriceTable.EMPTY;
    /** Unpriced calls counted by the tables this file replaced (their count ends with them). */
    private final AtomicLong unpricedBefore = new AtomicLong();
    private FileTime loadedVersion;
    private boolean missingLogged;

    public PriceFile(Path path) {
        this.path = path;
        refresh();
    }

    /** The current table, reread first if the file changed since the last look. */
    public PriceTable table() {
        refresh();
        return table;
    }

    /** Calls priced as unknown since start, across reloads (a metric). */
    public long unpricedCount() {
        return unpricedBefore.get() + table.unpricedCount();
    }

    /** Rereads the file if its modification time changed; returns true when a new table was taken. */
    public synchronized boolean refresh() {
        FileTime version;
        try {
            version = Files.getLastModifiedTime(path);
        } catch (IOException e) {
            if (!missingLogged) {
                missingLogged = true;
                LOG.info("No price file at {}: costs are recorded as unknown until it exists{}", path,
                        table == PriceTable.EMPTY ? "" : " (the previous table stays in use)");
            }
            loadedVersion = null;
            return false;
        }
        missingLogged = false;
        if (version.equals(loadedVersion)) {
            return false;
        }
        loadedVersion = version;
        try {
            PriceTable replaced = table;
            table = parse(Files.readString(path));
            unpricedBefore.addAndGet(replaced.unpricedCount());
            LOG.info("Price table {}: {} models, checked {}", path, table.size(), table.checked());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Price file {} is not valid ({}); keeping the previous table", path, e.getMessage());
            return false;
        }
    }

    static PriceTable parse(String yaml) {
        Object root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        if (!(root instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException("expected a mapping with 'models'");
        }
        if (!(top.get("models") instanceof Map<?, ?> models)) {
            throw new IllegalArgumentException("'models' must map <provider>/<model> to prices");
        }
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : models.entrySet()) {
            String model = String.valueOf(entry.getKey());
            if (!model.contains("/")) {
                throw new IllegalArgumentException("model '" + model + "' must be written <provider>/<model>");
            }
            if (!(entry.getValue() instanceof Map<?, ?> fields)) {
                throw new IllegalArgumentException("model '" + model + "' needs a mapping of prices");
            }
            BigDecimal[] values = new BigDecimal[KINDS.length];
            for (int i = 0; i < KINDS.length; i++) {
                values[i] = amount(model, KINDS[i], fields.get(KINDS[i]));
            }
            prices.put(model, new ModelPrice(values[0], values[1], values[2], values[3], values[4]));
        }
        Object checked = top.get("checked");
        Object flagship = top.get("flagship");
        return new PriceTable(checked == null ? null : checked.toString(), flagship == null ? null : flagship.toString(),
                prices);
    }

    private static BigDecimal amount(String model, String kind, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("model '" + model + "' has no " + kind + " price");
        }
        try {
            // from the text as written, so 0.125 stays exactly 0.125
            BigDecimal amount = new BigDecimal(value.toString());
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("model '" + model + "' has a negative " + kind + " price");
            }
            return amount;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model '" + model + "' " + kind + " price is not a number: " + value);
        }
    }
}
