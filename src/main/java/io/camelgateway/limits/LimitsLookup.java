package io.camelgateway.limits;

/** Where the limits of a key or a team come from: the key store ({@link KeyStoreLimits}) over the settings. */
@FunctionalInterface
public interface LimitsLookup {

    ScopeLimits limitsOf(LimitScope scope);
}
