package io.camelgateway.shared;

/** How a rate limit counts: per calendar-aligned window, or over the last window length (weighted two windows). */
public enum RateWindow {
    FIXED,
    SLIDING
}
