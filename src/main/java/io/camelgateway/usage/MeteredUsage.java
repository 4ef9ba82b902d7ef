package io.camelgateway.usage;

import io.camelgateway.canonical.Usage;

/** The usage one upstream attempt is charged with; {@code estimated} when the provider never reported all of it. */
public record MeteredUsage(Usage usage, boolean estimated) {

    public static MeteredUsage reported(Usage usage) {
        return new MeteredUsage(usage, false);
    }
}
