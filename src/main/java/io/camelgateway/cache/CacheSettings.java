package io.camelgateway.cache;

import io.camelgateway.settings.SettingsReader;
import java.util.Locale;

/**
 * The response cache's settings: {@code gateway.cache.enabled}, the in-process size bound in bytes, the time an
 * answer stays, the largest answer kept, and the name of the opt-in request header (value {@code use}).
 */
public record CacheSettings(boolean enabled, long maxBytes, long ttlSeconds, int maxEntryBytes, String header) {

    public static final CacheSettings OFF = new CacheSettings(false, 0, 0, 0, "x-gateway-cache");

    public static CacheSettings from(SettingsReader read) {
        if (!read.flag("gateway.cache.enabled")) {
            return OFF;
        }
        return new CacheSettings(true, Math.max(1, read.number("gateway.cache.max-bytes")),
                Math.max(1, read.number("gateway.cache.ttl-s")), Math.max(1, read.integer("gateway.cache.max-entry-bytes")),
                read.string("gateway.cache.header").strip().toLowerCase(Locale.ROOT));
    }
}
