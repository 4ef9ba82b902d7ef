package io.camelgateway.ui;

import io.camelgateway.canonical.TurnError;
import io.camelgateway.json.Json;
import io.camelgateway.ops.AdminAccess;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code GET /ui/api/summary?period=1h|24h|7d|30d}: the dashboard's data, only for a request bearing the admin token
 * (401 otherwise, never the loopback exemption of the other admin endpoints: the page is meant for browsers); 404 when
 * no admin token is set (the dashboard is off).
 */
public final class DashboardApi implements Processor {

    private final DashboardSummary summary;
    private final AdminAccess access;
    private final boolean enabled;
    private final Function<TurnError, byte[]> errorBodies;

    DashboardApi(DashboardSummary summary, AdminAccess access, boolean enabled, Function<TurnError, byte[]> errorBodies) {
        this.summary = summary;
        this.access = access;
        this.enabled = enabled;
        this.errorBodies = errorBodies;
    }

    @Override
    public void process(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        String periodName = exchange.getMessage().getHeader("period", String.class);
        if (!enabled) {
            error(exchange, DashboardAssets.off());
            return;
        }
        if (!access.allowsToken(authorization)) {
            access.refused();
            error(exchange, new TurnError(401, "authentication_error", "invalid_admin_token",
                    "The dashboard needs the admin token: Authorization: Bearer <GATEWAY_ADMIN_TOKEN>.", null, null));
            return;
        }
        DashboardPeriod period = DashboardPeriod.of(periodName);
        if (period == null) {
            error(exchange, new TurnError(400, "invalid_request_error", "invalid_parameter",
                    "period: expected one of 1h, 24h, 7d, 30d.", "period", null));
            return;
        }
        DashboardHeaders.answer(exchange, 200, "application/json", "no-store", Json.bytes(summary.build(period)));
    }

    private void error(Exchange exchange, TurnError error) {
        DashboardHeaders.answer(exchange, error.status(), "application/json", "no-store", errorBodies.apply(error));
    }
}
