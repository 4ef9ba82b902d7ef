package io.camelgateway.settings;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The one reader of the gateway's settings: environment variables, then {@code -D} system properties, then
 * {@code ./application.properties}, then the jar's {@code application.properties}, which holds every default (so no
 * default is written here). A setting that is missing or not of its type stops the gateway with a message naming it.
 */
public final class SettingsReader {

    private final PropertiesComponent properties;

    public SettingsReader(PropertiesComponent properties) {
        this.properties = properties;
    }

    /** The value of {@code key}, trimmed; empty when it is set to nothing. */
    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String string(String key) {
        return optional(key).orElseThrow(() -> new IllegalStateException("Setting " + key + " is not set (the jar's "
                + "application.properties gives every setting a default; was it replaced?)"));
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(string(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "a whole number");
        }
    }

    public long number(String key) {
        try {
            return Long.parseLong(string(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "a whole number");
        }
    }

    public double decimal(String key) {
        try {
            return Double.parseDouble(string(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "a decimal number");
        }
    }

    public boolean flag(String key) {
        String value = string(key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid(key, "true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /** All properties under {@code prefix}, keyed by the rest of their name. */
    public Map<String, String> withPrefix(String prefix) {
        Properties loaded = properties.loadProperties(key -> key.startsWith(prefix));
        Set<String> keys = new TreeSet<>(loaded.stringPropertyNames());
        // -D entries add keys the files do not have (e.g. a new alias); environment variables can only override
        // existing keys, because their names cannot be mapped back to dotted, dashed keys unambiguously
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                keys.add(key);
            }
        }
        Map<String, String> out = new TreeMap<>();
        for (String key : keys) {
            optional(key).ifPresent(value -> out.put(key.substring(prefix.length()), value));
        }
        return out;
    }

    private IllegalStateException invalid(String key, String expected) {
        return new IllegalStateException("Setting " + key + " = '" + properties.resolveProperty(key).orElse("")
                + "' is not " + expected);
    }
}
