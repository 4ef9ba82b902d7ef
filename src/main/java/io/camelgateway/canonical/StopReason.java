package io.camelgateway.canonical;

/** Why the model stopped, mapped from each provider's own vocabulary. */
public enum StopReason {
    /** The model finished its answer (or called tools; the client continues the turn). */
    COMPLETED,
    /** Output was cut at the token limit: {@code response.incomplete} with {@code max_output_tokens}. */
    MAX_OUTPUT_TOKENS,
    /** The provider filtered the output: {@code response.incomplete} with {@code content_filter}. */
    CONTENT_FILTER
}
