package io.camelgateway.config;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Typed reads of Camel properties (application.properties, then -D system properties and environment variables). */
final class Settings {

    private final PropertiesComponent properties;

    Settings(CamelContext camel) {
        this(camel.getPropertiesComponent());
    }

    Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    String string(String key, String fallback) {
        return properties.resolveProperty(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(fallback);
    }

    int integer(String key, int fallback) {
        return Integer.parseInt(string(key, Integer.toString(fallback)));
    }

    long number(String key, long fallback) {
        return Long.parseLong(string(key, Long.toString(fallback)));
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(string(key, "false"));
    }

    /** All properties under {@code prefix}, keyed by the rest of their name. */
    Map<String, String> withPrefix(String prefix) {
        Properties loaded = properties.loadProperties(key -> key.startsWith(prefix));
        Map<String, String> out = new TreeMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(loaded.stringPropertyNames());
        // -D entries add keys the files do not have (e.g. a new alias); environment variables can only override
        // existing keys, because their names cannot be mapped back to dotted, dashed keys unambiguously
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                keys.add(key);
            }
        }
        for (String key : keys) {
            String value = string(key, "");
            if (!value.isEmpty()) {
                out.put(key.substring(prefix.length()), value);
            }
        }
        return out;
    }

    GatewaySettings gateway() {
        return new GatewaySettings(
                integer("gateway.upstream.connect-timeout-ms", 10_000),
                integer("gateway.upstream.first-byte-timeout-ms", 120_000),
                integer("gateway.upstream.idle-timeout-ms", 300_000),
                number("gateway.upstream.total-timeout-ms", 3_600_000L),
                integer("gateway.stream.keepalive-ms", 15_000),
                integer("gateway.stream.commit-after-ms", 1_000),
                integer("gateway.upstream.max-connections-per-host", 500),
                number("camel.server.max-body-size", 33_554_432L),
                number("gateway.request.body-timeout-ms", 30_000L),
                number("gateway.request.head-timeout-ms", 30_000L),
                integer("gateway.request.max-pending-bodies", 256),
                integer("gateway.shutdown.drain-seconds", 120));
    }
}
