package io.camelgateway.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.Usage;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.observe.ObservedTurn;
import io.camelgateway.observe.TurnObserver;
import io.camelgateway.usage.AttemptReport;
import io.camelgateway.usage.MeteredUsage;
import io.camelgateway.usage.TurnCharge;
import io.camelgateway.usage.TurnRecorder;
import io.camelgateway.usage.TurnSettlement;
import io.camelgateway.usage.TurnUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each request's attempts into ledger rows and a turn summary, priced from the current price table, and hands
 * them to the {@link LedgerWriter}, then tells the {@link TurnSettlement} (budgets) what the request is charged. Runs
 * on the request's thread after the answer went out; it only enqueues.
 */
public final class Ledger implements TurnRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    static final String CODEX_METADATA_HEADER = "x-codex-turn-metadata";
    static final String CLAUDE_CODE_SESSION_HEADER = "x-claude-code-session-id";

    private final PriceFile prices;
    private final LedgerWriter writer;
    private final TurnSettlement settlement;
    private final TurnObserver observer;

    /**
     * {@code writer} null: the ledger is off, turns are priced and settled but no row is kept. {@code observer} is
     * told every finished request, priced, with or without rows kept.
     */
    public Ledger(PriceFile prices, LedgerWriter writer, TurnSettlement settlement, TurnObserver observer) {
        this.prices = prices;
        this.writer = writer;
        this.settlement = settlement;
        this.observer = observer;
    }

    @Override
    public void turnEnded(Exchange exchange, TurnUsage turn) {
        LedgerEntry entry;
        try {
            entry = entry(exchange, turn);
        } catch (RuntimeException e) {
            // the client has its answer; a ledger fault must not turn it into an error
            LOG.warn("Ledger could not record a turn: {}", e.getMessage());
            settle(exchange, TurnCharge.UNKNOWN);
            tellObservers(exchange, null, turn);
            return;
        }
        // settled before the rows are written, so whoever sees the rows sees the budget settled too
        settle(exchange, entry == null ? TurnCharge.NOTHING : charge(entry.attempts()));
        if (entry != null && writer != null) {
            writer.submit(entry);
        }
        tellObservers(exchange, entry, turn);
    }

    /** Once per request: a request the relay ended is not told again by the entry's error handler. */
    private void tellObservers(Exchange exchange, LedgerEntry entry, TurnUsage turn) {
        if (exchange.getProperty(ExchangeKeys.OBSERVED) != null) {
            return;
        }
        exchange.setProperty(ExchangeKeys.OBSERVED, Boolean.TRUE);
        observer.turnObserved(observed(exchange, entry, turn));
    }

    /**
     * The request as the observers see it; {@code entry} null when it made no upstream attempt, a cache hit included
     * (its ledger row is kept, at zero cost, but no provider was called).
     */
    private static ObservedTurn observed(Exchange exchange, LedgerEntry entry, TurnUsage turn) {
        LedgerRow first = entry == null ? null : entry.attempts().get(0);
        Integer status = exchange.getProperty(ExchangeKeys.CLIENT_STATUS, Integer.class);
        return new ObservedTurn(first == null ? Instant.now() : first.time(),
                clientApi(exchange),
                exchange.getProperty(ExchangeKeys.CLIENT_MODEL, String.class), caller(exchange),
                first == null ? CodexTurnIds.NONE : first.codex(), exchange.getProperty(ExchangeKeys.ROUTE, String.class),
                turn.attempts().stream().anyMatch(AttemptReport::streamed),
                exchange.getProperty(ExchangeKeys.CACHE, String.class), status == null ? 200 : status,
                exchange.getProperty(ExchangeKeys.CLIENT_ERROR_CODE, String.class),
                exchange.getProperty(ExchangeKeys.OVERHEAD_MS, Double.class),
                first != null && first.cacheHit() ? null : entry, durationMs(exchange));
    }

    private static Double durationMs(Exchange exchange) {
        Long start = exchange.getProperty(ExchangeKeys.START_NANOS, Long.class);
        return start == null ? null : (System.nanoTime() - start) / 1_000_000.0;
    }

    private void settle(Exchange exchange, TurnCharge charge) {
        try {
            settlement.turnCharged(exchange, charge);
        } catch (RuntimeException e) {
            LOG.warn("Could not settle a turn's budget reservation: {}", e.getMessage());
        }
    }

    /** The request's rows and summary, priced now; null when it made no attempt. */
    private LedgerEntry entry(Exchange exchange, TurnUsage turn) {
        List<AttemptReport> attempts = turn.attempts();
        if (attempts.isEmpty()) {
            return null;
        }
        PriceTable table = prices.table();
        Instant now = Instant.now();
        String requestId = UUID.randomUUID().toString();
        CodexTurnIds codex = CodexTurnIds.of(header(exchange, CODEX_METADATA_HEADER),
                exchange.getProperty(ExchangeKeys.BODY, JsonNode.class));
        if (codex.sessionId() == null && header(exchange, CLAUDE_CODE_SESSION_HEADER) != null) {
            // Claude Code names its session in a header of its own; it has no thread or turn ids
            codex = new CodexTurnIds(CodexTurnIds.bounded(header(exchange, CLAUDE_CODE_SESSION_HEADER)), null, null,
                    codex.requestKind());
        }
        String requestedModel = exchange.getProperty(ExchangeKeys.CLIENT_MODEL, String.class);
        String route = exchange.getProperty(ExchangeKeys.ROUTE, String.class);
        Caller caller = caller(exchange);
        String cache = exchange.getProperty(ExchangeKeys.CACHE, String.class);
        boolean hit = "hit".equals(cache);
        List<LedgerRow> rows = new ArrayList<>(attempts.size());
        for (int i = 0; i < attempts.size(); i++) {
            AttemptReport a = attempts.get(i);
            MeteredUsage metered = a.usage() == null ? new MeteredUsage(Usage.ZERO, false) : a.usage();
            rows.add(new LedgerRow(now, requestId, i + 1, caller, codex, requestedModel, a.provider(),
                    a.upstreamModel(), route, a.retryReason(), metered.usage(), metered.estimated(),
                    hit ? BigDecimal.ZERO : table.cost(a.provider(), a.upstreamModel(), metered.usage()), a.latencyMs(),
                    a.timeToFirstByteMs(), a.status(), a.errorCode(), terminalEvent(a),
                    a.facts() == null ? List.of() : a.facts().toolCalls(), cache));
        }
        return LedgerEntry.of(rows, table);
    }

    /** The sum over the attempts that used tokens; one of them without a price makes the cost unknown. */
    private static TurnCharge charge(List<LedgerRow> rows) {
        Usage total = Usage.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        boolean used = false;
        boolean estimated = false;
        for (LedgerRow row : rows) {
            if (row.usage().totalTokens() <= 0) {
                continue;
            }
            used = true;
            total = total.plus(row.usage());
            estimated |= row.usageEstimated() || row.cost() == null;
            cost = cost == null || row.cost() == null ? null : cost.add(row.cost());
        }
        return used ? new TurnCharge(total, cost, true, estimated) : TurnCharge.NOTHING;
    }

    /** Writes what is buffered before shutdown; returns the entries left unwritten. */
    public int drain(Duration bound) {
        return writer == null ? 0 : writer.drain(bound);
    }

    public boolean keepsRows() {
        return writer != null;
    }

    /** The savings baseline model named in the price file (the router's hard-turn target), or null. */
    public String flagship() {
        return prices.table().flagship();
    }

    /** The row writer, or null when the ledger is off. */
    public LedgerWriter writer() {
        return writer;
    }

    /** The provider's own terminal event when the stream was read, else how the attempt ended. */
    private static String terminalEvent(AttemptReport attempt) {
        if (attempt.facts() != null && attempt.facts().terminalEvent() != null) {
            return attempt.facts().terminalEvent();
        }
        if (attempt.completed()) {
            return "completed";
        }
        return attempt.errorCode() == null ? "aborted" : "failed";
    }

    private static String clientApi(Exchange exchange) {
        ClientApiCodec api = exchange.getProperty(ExchangeKeys.API, ClientApiCodec.class);
        return api == null ? null : api.name();
    }

    /** The virtual key the entry authenticated; anonymous (all null) when auth mode is any. */
    static Caller caller(Exchange exchange) {
        String keyId = exchange.getProperty(ExchangeKeys.KEY_ID, String.class);
        if (keyId == null) {
            return Caller.ANONYMOUS;
        }
        return new Caller(keyId, exchange.getProperty(ExchangeKeys.KEY_OWNER, String.class),
                exchange.getProperty(ExchangeKeys.KEY_TEAM, String.class),
                exchange.getProperty(ExchangeKeys.KEY_PROJECT, String.class));
    }

    private static String header(Exchange exchange, String name) {
        String header = exchange.getMessage().getHeader(name, String.class);
        if (header != null) {
            return header;
        }
        Map<?, ?> forwarded = exchange.getProperty(ExchangeKeys.CLIENT_HEADERS, Map.class);
        Object value = forwarded == null ? null : forwarded.get(name);
        return value == null ? null : value.toString();
    }
}
