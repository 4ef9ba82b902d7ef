package io.camelgateway.logs;

import io.camelgateway.canonical.Usage;
import io.camelgateway.ledger.LedgerEntry;
import io.camelgateway.ledger.LedgerRow;
import io.camelgateway.observe.ObservedTurn;
import io.camelgateway.observe.TurnObserver;
import java.math.BigDecimal;

/**
 * One INFO line per finished client request: who (key id and owner, never the key), which API and models, the route
 * rule, the outcome, tokens, cost and the gateway's timings. Never a prompt, an answer or a header. The request
 * thread only queues the finished turn; the line is built and written by the {@link LogWriter}.
 */
public final class AccessLog implements TurnObserver {

    private final LogWriter writer;
    private final boolean json;

    public AccessLog(LogWriter writer, boolean json) {
        this.writer = writer;
        this.json = json;
    }

    @Override
    public void turnObserved(ObservedTurn turn) {
        writer.submit(() -> line(turn).render(json));
    }

    static LogLine line(ObservedTurn turn) {
        LedgerEntry entry = turn.entry();
        LedgerRow last = entry == null ? null : entry.turn().last();
        LogLine line = new LogLine(turn.time(), "INFO", "access")
                .put("request_id", last == null ? null : last.requestId())
                .put("key_id", turn.caller().keyId())
                .put("owner", turn.caller().owner())
                .put("team", turn.caller().team())
                .put("api", turn.clientApi())
                .put("requested_model", turn.requestedModel())
                .put("provider", last == null ? null : last.provider())
                .put("model", last == null ? null : last.upstreamModel())
                .put("route", turn.route())
                .put("stream", turn.stream())
                .put("status", turn.status())
                .put("error", turn.errorCode())
                .put("attempts", entry == null ? 0 : entry.turn().attempts());
        if (entry != null) {
            Usage usage = entry.turn().usage();
            line.put("input_tokens", usage.inputTokens())
                    .put("cached_tokens", usage.cachedInputTokens())
                    .put("cache_write_tokens", usage.cacheWriteTokens())
                    .put("output_tokens", usage.outputTokens())
                    .put("usage_estimated", entry.turn().usageEstimated() ? Boolean.TRUE : null)
                    .put("cost_usd", cost(entry.turn().cost()));
        }
        line.put("overhead_ms", turn.overheadMs() == null ? null : round(turn.overheadMs()))
                .put("upstream_ms", entry == null ? null : upstreamMs(entry))
                .put("ttft_ms", last == null ? null : last.timeToFirstTokenMs())
                .put("duration_ms", turn.durationMs() == null ? null : round(turn.durationMs()))
                .put("terminal", last == null ? null : last.terminalEvent())
                .put("cache", turn.cache())
                .put("session_id", turn.codex().sessionId());
        return line;
    }

    private static long upstreamMs(LedgerEntry entry) {
        long total = 0;
        for (LedgerRow row : entry.attempts()) {
            total += row.latencyMs();
        }
        return total;
    }

    private static String cost(BigDecimal cost) {
        return cost == null ? null : cost.stripTrailingZeros().toPlainString();
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
