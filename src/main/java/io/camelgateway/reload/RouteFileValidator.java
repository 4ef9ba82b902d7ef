package io.camelgateway.reload;

import java.util.Collection;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.StartupSummaryLevel;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.PluginHelper;

/**
 * Loads and starts a route file in a throw-away Camel context before the live context applies it: YAML syntax,
 * unknown keys, bad placeholders and Simple expressions all fail here instead of leaving a live route down, and so does
 * a provider option that is not of its type ({@link ProviderRouteCheck}).
 * The scratch context reads the live context's properties and beans (routes in {@code routes/} reference no beans
 * with a lifecycle, so stopping the scratch context touches nothing live).
 */
final class RouteFileValidator {

    private final CamelContext live;

    RouteFileValidator(CamelContext live) {
        this.live = live;
    }

    /** @throws Exception with the parser's or Camel's message when the file would not load */
    void validate(Resource resource) throws Exception {
        DefaultCamelContext scratch = new DefaultCamelContext(new DefaultRegistry(live.getRegistry()));
        try {
            scratch.getCamelContextExtension().setName("route-validation");
            scratch.disableJMX();
            scratch.setStartupSummaryLevel(StartupSummaryLevel.Off);
            scratch.getPropertiesComponent().addPropertiesSource(new LiveProperties(live.getPropertiesComponent()));
            if (live.hasComponent("kamelet") instanceof KameletComponent kamelets) {
                scratch.getComponent("kamelet", KameletComponent.class).setLocation(kamelets.getLocation());
            }
            scratch.build();
            Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(scratch).findRoutesBuilders(List.of(resource));
            for (RoutesBuilder builder : builders) {
                scratch.addRoutes(builder);
            }
            if (scratch.getRouteDefinitions().isEmpty()) {
                throw new IllegalArgumentException("the file defines no route");
            }
            scratch.start();
            String problem = ProviderRouteCheck.problem(scratch);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        } finally {
            scratch.stop();
        }
    }

    private record LiveProperties(PropertiesComponent live) implements PropertiesSource {
        @Override
        public String getName() {
            return "live-context";
        }

        @Override
        public String getProperty(String name) {
            return live.resolveProperty(name).orElse(null);
        }
    }
}
