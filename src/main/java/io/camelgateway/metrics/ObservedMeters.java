package io.camelgateway.metrics;

import io.camelgateway.observe.GatewayEvents;
import io.camelgateway.observe.TurnObserver;
import io.camelgateway.resilience.ProviderBreakers;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BiPredicate;

/** The meters of finished requests ({@link TurnMeters}) and of gateway events ({@link EventMeters}), one model label set. */
public final class ObservedMeters {

    private final TurnMeters turns;
    private final EventMeters events;

    /** {@code priced}: whether the price file knows (provider, model), which admits the model as a label value. */
    public ObservedMeters(MeterRegistry registry, BiPredicate<String, String> priced) {
        this.turns = new TurnMeters(registry, new ModelLabels(priced));
        this.events = new EventMeters(registry);
    }

    public TurnObserver turns() {
        return turns;
    }

    public GatewayEvents events() {
        return events;
    }

    public void breakerCreated(ProviderBreakers breakers, String provider) {
        events.breakerCreated(breakers, provider);
    }
}
