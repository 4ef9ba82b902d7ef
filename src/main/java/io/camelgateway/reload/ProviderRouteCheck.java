package io.camelgateway.reload;

import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.models.ProviderDirectory;
import io.camelgateway.provider.ProviderOptions;
import java.io.IOException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.ExchangeBuilder;
import org.apache.camel.spi.Resource;

/**
 * Runs each provider route of a context on a scratch exchange, as a turn would, and parses the options it sets, so
 * that a value not of its type (e.g. {@code first-byte-timeout-ms: abc}) stops the gateway at startup and rejects
 * the file on a reload, instead of being noticed by a turn.
 */
public final class ProviderRouteCheck {

    private ProviderRouteCheck() {
    }

    /** The first problem, one line naming the provider file and the property, or null when every route is sound. */
    public static String problem(CamelContext camel) {
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            for (Route route : camel.getRoutes()) {
                if (route.getRouteId().startsWith(ProviderDirectory.ROUTE_PREFIX)) {
                    String problem = problem(producer, route);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the provider check's producer", e);
        }
    }

    private static String problem(ProducerTemplate producer, Route route) {
        String provider = route.getRouteId().substring(ProviderDirectory.ROUTE_PREFIX.length());
        Exchange scratch = ExchangeBuilder.anExchange(route.getCamelContext())
                .withProperty(ExchangeKeys.PROVIDER, provider).withProperty(ExchangeKeys.UPSTREAM_MODEL, "").build();
        producer.send(route.getEndpoint(), scratch);
        if (scratch.getException() != null) {
            return null; // the startup summary and the turns report a failing route; only options are judged here
        }
        try {
            ProviderOptions.read(name -> scratch.getProperty(ExchangeKeys.OPTION_PREFIX + name, String.class));
            return null;
        } catch (ProviderOptions.InvalidOption e) {
            return "Provider file " + file(route) + ": " + e.getMessage();
        }
    }

    private static String file(Route route) {
        Resource source = route.getSourceResource();
        if (source == null) {
            return "of route " + route.getRouteId();
        }
        String location = source.getLocation();
        return location.startsWith("file:") ? location.substring("file:".length()) : location;
    }
}
