package io.camelgateway.models;

import java.util.List;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * The configured providers: one per {@code provider-<name>} route. Read live from the Camel context, so a
 * provider file added to {@code routes/} is usable as soon as it is loaded.
 */
public final class ProviderDirectory {

    public static final String ROUTE_PREFIX = "provider-";

    private final CamelContext camel;

    public ProviderDirectory(CamelContext camel) {
        this.camel = camel;
    }

    public boolean exists(String provider) {
        return provider != null && !provider.isEmpty() && camel.getRoute(ROUTE_PREFIX + provider) != null;
    }

    public List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Route route : camel.getRoutes()) {
            if (route.getRouteId().startsWith(ROUTE_PREFIX)) {
                names.add(route.getRouteId().substring(ROUTE_PREFIX.length()));
            }
        }
        return List.copyOf(names);
    }
}
