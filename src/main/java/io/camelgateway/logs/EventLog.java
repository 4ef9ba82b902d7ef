package io.camelgateway.logs;

import io.camelgateway.observe.GatewayEvents;
import java.time.Instant;

/**
 * A WARN line for every upstream failure, retry, fallback, breaker opening, refused route file and budget event (an
 * INFO line for the good news: a breaker closing, a route file accepted). Queued, never written on the caller's
 * thread.
 */
public final class EventLog implements GatewayEvents {

    private final LogWriter writer;
    private final boolean json;

    public EventLog(LogWriter writer, boolean json) {
        this.writer = writer;
        this.json = json;
    }

    private void write(String level, String event, Object... fields) {
        Instant time = Instant.now();
        writer.submit(() -> {
            LogLine line = new LogLine(time, level, "event").put("event", event);
            for (int i = 0; i + 1 < fields.length; i += 2) {
                line.put((String) fields[i], fields[i + 1]);
            }
            return line.render(json);
        });
    }

    @Override
    public void upstreamFailed(String provider, String model, int status, String errorCode) {
        write("WARN", "upstream_failed", "provider", provider, "model", model, "status", status, "error", errorCode);
    }

    @Override
    public void retrying(String provider, String model, int nextAttempt, String reason, long waitMs,
                         boolean retryAfter) {
        write("WARN", "retry", "provider", provider, "model", model, "attempt", nextAttempt, "reason", reason,
                "wait_ms", waitMs, "retry_after", retryAfter);
    }

    @Override
    public void fellBack(String fromModel, String toModel, String reason) {
        write("WARN", "fallback", "from", fromModel, "to", toModel, "reason", reason);
    }

    @Override
    public void breakerChanged(String provider, String from, String to) {
        write("closed".equals(to) ? "INFO" : "WARN", "breaker", "provider", provider, "from", from, "to", to);
    }

    @Override
    public void routesReloaded(String file, boolean accepted, String reason) {
        write(accepted ? "INFO" : "WARN", accepted ? "routes_reloaded" : "routes_rejected", "file", file,
                "reason", reason);
    }

    @Override
    public void budgetEvent(String scope, String name, boolean refused) {
        write("WARN", refused ? "budget_refused" : "budget_warning", "scope", scope, "name", name);
    }
}
