package io.camelgateway.metrics;

import io.camelgateway.observe.GatewayEvents;
import io.camelgateway.resilience.ProviderBreakers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The counters of what happens between a request and its answer: upstream failures, retries and their waits
 * (backoff or the provider's Retry-After), fallbacks, breaker transitions and state, route file reloads. Labels are
 * providers and error codes, both bounded by the configuration and the gateway's own error codes.
 */
public final class EventMeters implements GatewayEvents {

    private static final Duration[] WAIT_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;

    EventMeters(MeterRegistry registry) {
        this.registry = registry;
        for (String result : new String[] {"accepted", "rejected"}) {
            reloads(result); // at 0 from the start: a first reload then shows as an increase
        }
    }

    private Counter reloads(String result) {
        return Counter.builder("gateway_route_reloads").description("Edited route files applied (accepted) or refused")
                .tag("result", result).register(registry);
    }

    @Override
    public void upstreamFailed(String provider, String model, int status, String errorCode) {
        Counter.builder("gateway_upstream_failures").description("Upstream attempts that failed (status 0: no answer)")
                .tags("provider", provider, "status", Integer.toString(status), "error", label(errorCode))
                .register(registry).increment();
    }

    @Override
    public void retrying(String provider, String model, int nextAttempt, String reason, long waitMs,
                         boolean retryAfter) {
        Counter.builder("gateway_retries").description("Attempts made again on the same provider")
                .tags("provider", provider, "reason", label(reason)).register(registry).increment();
        Timer.builder("gateway_retry_wait").description("Waits before a retry: backoff, or the provider's Retry-After")
                .tags("provider", provider, "source", retryAfter ? "retry_after" : "backoff")
                .serviceLevelObjectives(WAIT_BUCKETS).register(registry).record(waitMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void fellBack(String fromModel, String toModel, String reason) {
        Counter.builder("gateway_fallbacks").description("Turns moved on to the next model of their fallback chain")
                .tags("from_provider", provider(fromModel), "to_provider", provider(toModel), "reason", label(reason))
                .register(registry).increment();
    }

    @Override
    public void breakerChanged(String provider, String from, String to) {
        Counter.builder("gateway_breaker_transitions").description("Circuit breaker state changes, by the new state")
                .tags("provider", provider, "to", to).register(registry).increment();
    }

    @Override
    public void routesReloaded(String file, boolean accepted, String reason) {
        reloads(accepted ? "accepted" : "rejected").increment();
    }

    /** {@code gateway_breaker_state{provider}}: 0 closed, 1 open, 2 half-open (3 any other state). */
    void breakerCreated(ProviderBreakers breakers, String provider) {
        Gauge.builder("gateway_breaker_state", breakers, b -> stateValue(b.view(provider)))
                .description("Circuit breaker state: 0 closed, 1 open, 2 half-open").tag("provider", provider)
                .register(registry);
    }

    static double stateValue(ProviderBreakers.View view) {
        if (view == null) {
            return Double.NaN;
        }
        return switch (view.state()) {
            case "closed" -> 0;
            case "open", "forced_open" -> 1;
            case "half_open" -> 2;
            default -> 3;
        };
    }

    private static String provider(String model) {
        if (model == null) {
            return TurnMeters.NONE;
        }
        int slash = model.indexOf('/');
        return slash < 0 ? model : model.substring(0, slash);
    }

    private static String label(String code) {
        return code == null ? TurnMeters.NONE : code;
    }
}
