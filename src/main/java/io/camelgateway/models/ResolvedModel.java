package io.camelgateway.models;

/** A client model name resolved to a configured provider and that provider's model id (forwarded unchanged). */
public record ResolvedModel(String provider, String modelId) {
}
