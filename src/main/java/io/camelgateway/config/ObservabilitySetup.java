package io.camelgateway.config;

import io.camelgateway.ledger.PriceFile;
import io.camelgateway.logs.AccessLog;
import io.camelgateway.logs.EventLog;
import io.camelgateway.logs.LogWriter;
import io.camelgateway.metrics.GatewayMetrics;
import io.camelgateway.metrics.ObservedMeters;
import io.camelgateway.metrics.RuntimeMeters;
import io.camelgateway.observe.GatewayEventListeners;
import io.camelgateway.observe.TurnObservers;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.settings.SettingsReader;
import java.time.Duration;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The access log, the event (WARN) lines and the meters of requests and events, wired to the turn observers and
 * the gateway's event listeners. The log writer drains what is queued when Camel stops.
 */
final class ObservabilitySetup {

    private ObservabilitySetup() {
    }

    static GatewayEventListeners events(CamelContext camel) {
        GatewayEventListeners events = new GatewayEventListeners();
        camel.getRegistry().bind(GatewayEventListeners.REGISTRY_NAME, events);
        return events;
    }

    static void wire(CamelContext camel, SettingsReader settings, GatewayMetrics metrics, TurnObservers observers,
                     GatewayEventListeners events, ProviderBreakers breakers, PriceFile prices) {
        String format = settings.string("gateway.log.access.format").trim().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("gateway.log.access.format must be text or json, not " + format);
        }
        boolean json = format.equals("json");
        boolean access = settings.flag("gateway.log.access.enabled");
        boolean eventLines = settings.flag("gateway.log.events.enabled");
        if (access || eventLines) {
            LogWriter writer = new LogWriter(settings.integer("gateway.log.queue-size"),
                    "stdout".equalsIgnoreCase(settings.string("gateway.log.stream").trim()));
            RuntimeMeters.bindLog(metrics.registry(), writer);
            if (access) {
                observers.add(new AccessLog(writer, json));
            }
            if (eventLines) {
                events.add(new EventLog(writer, json));
            }
            stopWithCamel(camel, writer);
        }
        if (!settings.flag("gateway.metrics.enabled")) {
            // the request and event meters off (to measure what they cost); /metrics keeps the rest
            breakers.watch(events, provider -> { });
            return;
        }
        ObservedMeters meters = new ObservedMeters(metrics.registry(),
                (provider, model) -> prices.table().price(provider, model) != null);
        observers.add(meters.turns());
        events.add(meters.events());
        breakers.watch(events, provider -> meters.breakerCreated(breakers, provider));
        RuntimeMeters.bindJvm(metrics.registry());
    }

    private static void stopWithCamel(CamelContext camel, LogWriter writer) {
        try {
            camel.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    writer.drain(Duration.ofSeconds(2));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the log writer", e);
        }
    }
}
