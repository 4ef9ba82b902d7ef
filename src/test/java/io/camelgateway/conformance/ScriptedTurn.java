package io.camelgateway.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * One model answer in no provider's shape: the conformance suite scripts it once and each
 * {@link ConformanceUpstream} renders it in its own wire format (a whole body or a stream, as the request asks).
 *
 * @param parts the answer's parts in order
 * @param stop  why the model stopped
 * @param usage the usage the provider reports on its final event / in its body
 */
public record ScriptedTurn(List<Part> parts, Stop stop, Usage usage) {

    public ScriptedTurn {
        parts = List.copyOf(parts);
    }

    public enum Stop { END_TURN, TOOL_USE, MAX_TOKENS }

    /** {@code cachedInput} is part of {@code input}; {@code reasoning} is part of {@code output}. */
    public record Usage(int input, int cachedInput, int output, int reasoning) {
    }

    public sealed interface Part permits Reasoning, Text, ToolCall, CustomToolCall {
    }

    /**
     * Reasoning the provider returns. {@code signature} is the provider's opaque token (Anthropic/Bedrock
     * signature, Gemini thoughtSignature, OpenAI encrypted_content); {@code redacted} marks redacted thinking
     * (the signature then carries the redacted data).
     */
    public record Reasoning(String summary, String signature, boolean redacted) implements Part {
    }

    public record Text(String text) implements Part {
    }

    /** A function call; {@code argumentsJson} is the JSON object text the model produced. */
    public record ToolCall(String callId, String name, String argumentsJson) implements Part {
    }

    /** A freeform (custom) tool call such as {@code apply_patch}; {@code input} is the raw text. */
    public record CustomToolCall(String callId, String name, String input) implements Part {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();
        private Usage usage = new Usage(120, 0, 30, 0);

        public Builder reasoning(String summary, String signature) {
            parts.add(new Reasoning(summary, signature, false));
            return this;
        }

        public Builder redactedReasoning(String data) {
            parts.add(new Reasoning("", data, true));
            return this;
        }

        public Builder text(String text) {
            parts.add(new Text(text));
            return this;
        }

        public Builder toolCall(String callId, String name, String argumentsJson) {
            parts.add(new ToolCall(callId, name, argumentsJson));
            return this;
        }

        public Builder customToolCall(String callId, String name, String input) {
            parts.add(new CustomToolCall(callId, name, input));
            return this;
        }

        public Builder usage(int input, int cachedInput, int output, int reasoning) {
            usage = new Usage(input, cachedInput, output, reasoning);
            return this;
        }

        public ScriptedTurn end() {
            boolean calls = parts.stream().anyMatch(p -> p instanceof ToolCall || p instanceof CustomToolCall);
            return new ScriptedTurn(parts, calls ? Stop.TOOL_USE : Stop.END_TURN, usage);
        }

        public ScriptedTurn cutByMaxTokens() {
            return new ScriptedTurn(parts, Stop.MAX_TOKENS, usage);
        }
    }
}
