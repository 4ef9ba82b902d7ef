package io.camelgateway.limits;

/** Where the limits of a key or a team come from (settings now; the key store once virtual keys exist). */
@FunctionalInterface
public interface LimitsLookup {

    ScopeLimits limitsOf(LimitScope scope);
}
