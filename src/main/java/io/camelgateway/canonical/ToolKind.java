package io.camelgateway.canonical;

/** How a tool call must be returned to the client. */
public enum ToolKind {
    /** {@code function_call} with JSON arguments. */
    FUNCTION,
    /** {@code custom_tool_call} with raw input (presented to the provider as a one-string function). */
    CUSTOM,
    /** {@code tool_search_call} with an arguments object. */
    TOOL_SEARCH
}
