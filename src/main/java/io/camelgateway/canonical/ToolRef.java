package io.camelgateway.canonical;

/** What a provider-side tool name stands for on the client side. */
public record ToolRef(ToolKind kind, String namespace, String name) {
}
