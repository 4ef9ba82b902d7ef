package io.camelgateway.metrics;

import io.camelgateway.keys.Authenticator;
import io.camelgateway.ledger.LedgerWriter;
import io.camelgateway.ledger.PriceFile;
import io.camelgateway.limits.LimitCheck;
import io.camelgateway.ops.AdminAccess;
import io.camelgateway.shared.SharedState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The meters of keys, budgets, rate limits, the ledger and shared state. Each reads a counter its component keeps
 * anyway, so the request path does no extra work for them.
 */
public final class LimitMeters {

    private LimitMeters() {
    }

    public static void bindAuthentication(MeterRegistry registry, Authenticator authenticator, AdminAccess admin) {
        for (String reason : Authenticator.FAILURE_REASONS) {
            FunctionCounter.builder("gateway_auth_failures", authenticator, a -> a.failureCount(reason))
                    .description("Turns refused for their API key (401) or model (403 model_not_allowed)")
                    .tag("reason", reason).register(registry);
        }
        FunctionCounter.builder("gateway_admin_auth_failures", admin, AdminAccess::refusalCount)
                .description("Admin key API requests refused for a missing or wrong admin token").register(registry);
    }

    public static void bindLimits(MeterRegistry registry, LimitCheck limits) {
        FunctionCounter.builder("gateway_budget_warnings", limits, LimitCheck::warningCount)
                .description("Turns answered with x-gateway-budget-warning (one per budget past the warning)")
                .register(registry);
        FunctionCounter.builder("gateway_budget_refusals", limits, LimitCheck::budgetRefusalCount)
                .description("Turns refused with budget_exceeded").register(registry);
        for (String kind : List.of("requests", "tokens", "too_large")) {
            FunctionCounter.builder("gateway_rate_limit_refusals", limits, l -> l.rateRefusalCount(kind))
                    .description("Turns refused by a rate limit (429; too_large: 400, more tokens than a minute allows)")
                    .tag("kind", kind).register(registry);
        }
    }

    public static void bindLedger(MeterRegistry registry, LedgerWriter writer, PriceFile prices) {
        FunctionCounter.builder("gateway_unpriced_calls", prices, PriceFile::unpricedCount)
                .description("Upstream attempts whose model has no price (cost recorded as unknown)").register(registry);
        if (writer == null) {
            return; // ledger off
        }
        FunctionCounter.builder("gateway_ledger_rows_written", writer, LedgerWriter::written)
                .description("Ledger entries written to the database").register(registry);
        FunctionCounter.builder("gateway_ledger_rows_dropped", writer, LedgerWriter::dropped)
                .description("Ledger entries dropped (buffer full or closed)").register(registry);
        Gauge.builder("gateway_ledger_rows_pending", writer, LedgerWriter::pending)
                .description("Ledger entries buffered or being written").register(registry);
    }

    public static void bindSharedState(MeterRegistry registry, SharedState shared) {
        Gauge.builder("gateway_shared_state_degraded", shared, s -> s.degraded() ? 1 : 0)
                .description("1 while Redis is configured but unreachable and this replica counts on its own")
                .register(registry);
        FunctionCounter.builder("gateway_shared_state_fallbacks", shared, s -> s.status().fallbacks())
                .description("Times this replica fell back to local counters").register(registry);
    }
}
