package io.camelgateway.config;

import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.models.ProviderDirectory;
import io.camelgateway.provider.ProviderCodec;
import io.camelgateway.provider.ProviderOptions;
import io.camelgateway.relay.ProviderCodecs;
import io.camelgateway.settings.SettingsReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ExchangeBuilder;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.spi.PropertiesComponent;

/**
 * What an operator needs to see once the gateway serves: where it listens (the real bound address, not Camel's
 * {@code 0.0.0.0} endpoint list), the auth mode, each provider with its protocol, base URL and whether its key
 * variable is set (never the key), and the Codex {@code config.toml} lines that point at this gateway.
 */
public final class StartupSummary {

    private StartupSummary() {
    }

    public static List<String> lines(CamelContext camel, String host, int port) {
        PropertiesComponent properties = camel.getPropertiesComponent();
        NetworkSetup network = camel.getRegistry().lookupByNameAndType("networkSetup", NetworkSetup.class);
        String scheme = network != null && network.identity() != null ? "https" : "http";
        String base = scheme + "://" + urlHost(host) + ":" + port;
        List<String> lines = new ArrayList<>();
        String mode = StartupChecks.authMode(new SettingsReader(properties));
        lines.add("Camel AI gateway ready on " + base + " (" + reach(host) + "; auth mode " + mode + ": "
                + switch (mode) {
                    case "keys" -> "a virtual key is required, the provider keys stay here)";
                    case "passthrough" -> "each client's own provider key goes upstream in place of the gateway's)";
                    default -> "any bearer token is accepted, the provider keys stay here)";
                });
        lines.add("  endpoints: " + endpoints(camel));
        if (network != null) {
            network.describe().forEach(line -> lines.add("  " + line));
        }
        for (String provider : new ProviderDirectory(camel).names()) {
            lines.add("  provider " + provider + ": " + describe(camel, provider));
        }
        List<String> off = shippedButOff(new ProviderDirectory(camel).names());
        if (!off.isEmpty()) {
            lines.add("  providers shipped but off until their key or URL variable is set: " + String.join(", ", off));
        }
        String codexBase = scheme + "://" + (isAnyAddress(host) ? "127.0.0.1" : urlHost(host)) + ":" + port;
        lines.add("  Codex ~/.codex/config.toml" + (isAnyAddress(host) ? " (on another machine use this one's name)" : "")
                + ":");
        lines.add("    model_provider = \"gateway\"");
        lines.add("    [model_providers.gateway]");
        lines.add("    name = \"Camel AI gateway\"");
        lines.add("    base_url = \"" + codexBase + "/v1\"");
        lines.add("    model_catalog_url = \"" + codexBase + "/v1/models\"");
        lines.add("    env_key = \"GATEWAY_API_KEY\"");
        lines.add("    wire_api = \"responses\"");
        return lines;
    }

    /** Shipped provider files whose route is not loaded: their precondition (a variable set) is not met. */
    private static List<String> shippedButOff(List<String> loaded) {
        List<String> off = new ArrayList<>();
        for (String file : RouteSources.defaultRouteFiles()) {
            if (file.startsWith(ProviderDirectory.ROUTE_PREFIX) && file.endsWith(".yaml")) {
                String provider = file.substring(ProviderDirectory.ROUTE_PREFIX.length(),
                        file.length() - ".yaml".length());
                if (!loaded.contains(provider)) {
                    off.add(provider);
                }
            }
        }
        return off;
    }

    private static String reach(String host) {
        if (isAnyAddress(host)) {
            return "all interfaces, open to the network";
        }
        return StartupChecks.isLoopback(host) ? "loopback only" : "open to the network";
    }

    private static boolean isAnyAddress(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static String urlHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String endpoints(CamelContext camel) {
        PlatformHttpComponent http = camel.getComponent("platform-http", PlatformHttpComponent.class);
        Set<String> listed = new TreeSet<>();
        if (http != null) {
            for (HttpEndpointModel endpoint : http.getHttpEndpoints()) {
                listed.add(endpoint.getVerbs() == null ? endpoint.getUri() : endpoint.getVerbs() + " " + endpoint.getUri());
            }
        }
        return String.join(", ", listed);
    }

    /** Runs the provider's route on a scratch exchange, as a turn would, and reads the target it sets. */
    private static String describe(CamelContext camel, String provider) {
        Exchange scratch = ExchangeBuilder.anExchange(camel).withProperty(ExchangeKeys.PROVIDER, provider)
                .withProperty(ExchangeKeys.UPSTREAM_MODEL, "").build();
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            producer.send("direct:" + ProviderDirectory.ROUTE_PREFIX + provider, scratch);
        } catch (Exception e) {
            return "its route could not be run (" + e.getClass().getSimpleName() + ")";
        }
        if (scratch.getException() != null) {
            return "its route failed (" + scratch.getException().getClass().getSimpleName() + ")";
        }
        String protocol = scratch.getProperty(ExchangeKeys.PROTOCOL, String.class);
        String baseUrl = scratch.getProperty(ExchangeKeys.BASE_URL, String.class);
        String keyName = scratch.getProperty(ExchangeKeys.API_KEY_NAME, String.class);
        String credentials = credentialsSummary(camel, protocol, scratch);
        return "protocol " + protocol + ", " + (baseUrl == null || baseUrl.isBlank() ? "base URL NOT set" : baseUrl)
                + ", " + (credentials != null ? credentials : keyState(camel.getPropertiesComponent(), keyName));
    }

    /** What the protocol's codec says of its own credentials (AWS's chain, ...), or null when a key variable tells. */
    private static String credentialsSummary(CamelContext camel, String protocol, Exchange scratch) {
        ProviderCodecs codecs = camel.getRegistry().lookupByNameAndType("providerCodecs", ProviderCodecs.class);
        ProviderCodec codec = codecs == null || protocol == null ? null : codecs.get(protocol.trim());
        if (codec == null) {
            return null;
        }
        try {
            return codec.credentialsSummary(ProviderOptions.read(
                    name -> scratch.getProperty(ExchangeKeys.OPTION_PREFIX + name, String.class)));
        } catch (ProviderOptions.InvalidOption e) {
            return null;
        }
    }

    private static String keyState(PropertiesComponent properties, String keyName) {
        if (keyName == null || keyName.isBlank()) {
            return "no key variable";
        }
        for (String name : keyName.split(",")) {
            if (!name.isBlank() && properties.resolveProperty(name.trim()).filter(k -> !k.isBlank()).isPresent()) {
                return "key " + name.trim() + " is set";
            }
        }
        return "key " + keyName.trim() + (keyName.contains(",") ? " are NOT set" : " is NOT set");
    }
}
