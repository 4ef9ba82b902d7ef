package io.camelgateway.resilience;

import io.camelgateway.models.ProviderDirectory;
import io.camelgateway.observe.GatewayEvents;
import io.camelgateway.settings.ResilienceSettings;
import io.camelgateway.settings.SettingsReader;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.resilience4j.ResilienceProcessor;

/**
 * One circuit breaker per provider: a route from the fixed {@code provider-breaker} template
 * ({@code camel/provider-breaker.yaml}), added for every provider at startup and for a provider added later on its
 * first use. Breaker routes are never hot-reloaded, so their state survives edits of the provider routes.
 */
public final class ProviderBreakers implements StartupListener {

    static final String TEMPLATE = "provider-breaker";

    /** What {@code /admin/providers} shows about one breaker. */
    public record View(String state, float failureRate, int bufferedCalls, int failedCalls, long notPermittedCalls) {
    }

    private final CamelContext camel;
    private final ProviderDirectory providers;
    private final ResilienceSettings.BreakerSettings defaults;
    private volatile GatewayEvents events = GatewayEvents.NONE;
    private volatile Consumer<String> created = provider -> { };

    public ProviderBreakers(CamelContext camel, ProviderDirectory providers, ResilienceSettings.BreakerSettings defaults) {
        this.camel = camel;
        this.providers = providers;
        this.defaults = defaults;
    }

    /**
     * {@code events} hears every state change of every breaker; {@code created} is told each provider whose breaker is
     * made (its state readable from {@link #view}). Set before the breakers are made (at configuration).
     */
    public void watch(GatewayEvents events, Consumer<String> created) {
        this.events = events;
        this.created = created;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // routes may only be added once the context runs: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        for (String provider : providers.names()) {
            ensure(provider);
        }
    }

    /** The endpoint that runs one attempt for {@code provider} through its breaker. */
    public String endpoint(String provider) {
        ensure(provider);
        return "direct:" + routeId(provider);
    }

    public synchronized void ensure(String provider) {
        if (camel.getRoute(routeId(provider)) != null) {
            return;
        }
        try {
            TemplatedRouteBuilder.builder(camel, TEMPLATE)
                    .routeId(routeId(provider))
                    .parameter("provider", provider)
                    .parameter("failureRateThreshold", setting(provider, "failure-rate-threshold", defaults.failureRateThreshold()))
                    .parameter("minimumNumberOfCalls", setting(provider, "minimum-calls", defaults.minimumNumberOfCalls()))
                    .parameter("slidingWindowSize", setting(provider, "sliding-window-size", defaults.slidingWindowSize()))
                    .parameter("waitDurationInOpenState",
                            setting(provider, "wait-in-open-seconds", defaults.waitDurationInOpenStateSeconds()))
                    .parameter("permittedNumberOfCallsInHalfOpenState",
                            setting(provider, "half-open-calls", defaults.permittedCallsInHalfOpenState()))
                    .add();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot create the circuit breaker route for provider " + provider, e);
        }
        watchTransitions(provider);
    }

    private void watchTransitions(String provider) {
        org.apache.camel.Route route = camel.getRoute(routeId(provider));
        ResilienceProcessor processor = route == null ? null : find(route.navigate());
        if (processor == null || processor.getCircuitBreaker() == null) {
            return;
        }
        processor.getCircuitBreaker().getEventPublisher().onStateTransition(event -> events.breakerChanged(provider,
                stateName(event.getStateTransition().getFromState()),
                stateName(event.getStateTransition().getToState())));
        created.accept(provider);
    }

    private static String stateName(Enum<?> state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** The breaker's state, or null when the provider has no breaker yet. */
    public View view(String provider) {
        org.apache.camel.Route route = camel.getRoute(routeId(provider));
        ResilienceProcessor processor = route == null ? null : find(route.navigate());
        if (processor == null || processor.getCircuitBreaker() == null) {
            return null;
        }
        return new View(processor.getCircuitBreakerState().toLowerCase(java.util.Locale.ROOT),
                processor.getFailureRate(), processor.getNumberOfBufferedCalls(), processor.getNumberOfFailedCalls(),
                processor.getNumberOfNotPermittedCalls());
    }

    private static ResilienceProcessor find(org.apache.camel.Navigate<org.apache.camel.Processor> node) {
        if (node == null || !node.hasNext()) {
            return null;
        }
        for (org.apache.camel.Processor child : node.next()) {
            if (child instanceof ResilienceProcessor breaker) {
                return breaker;
            }
            if (child instanceof org.apache.camel.Navigate<?> nested) {
                @SuppressWarnings("unchecked")
                ResilienceProcessor found = find((org.apache.camel.Navigate<org.apache.camel.Processor>) nested);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    public int waitInOpenSeconds(String provider) {
        return Integer.parseInt(setting(provider, "wait-in-open-seconds", defaults.waitDurationInOpenStateSeconds()));
    }

    /** {@code gateway.breaker.<provider>.<key>} when set, else the global default. */
    private String setting(String provider, String key, int fallback) {
        return new SettingsReader(camel.getPropertiesComponent()).optional("gateway.breaker." + provider + "." + key)
                .orElse(Integer.toString(fallback));
    }

    static String routeId(String provider) {
        return "breaker-" + provider;
    }
}
