package io.camelgateway.usage;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.Usage;
import io.camelgateway.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the usage out of one upstream stream as its events pass, without changing them. Fed each event in order;
 * {@link #result()} is what the attempt is charged with: the provider's own figures when it reported them, else
 * what was seen plus an estimate (input from the request size, output from the text streamed), marked estimated.
 * One instance per stream; not thread-safe (events arrive one at a time).
 */
public abstract class UsageTap {

    private static final int CHARS_PER_TOKEN = 4;
    private static final int MAX_TOOL_CALLS = 256;

    private final long inputEstimate;
    private long outputChars;
    private final List<String> toolCalls = new ArrayList<>();
    private String terminalEvent;
    protected long inputTokens = -1;
    protected long cachedInputTokens;
    protected long cacheWriteTokens;
    protected long outputTokens = -1;
    protected long reasoningTokens;
    protected boolean reportedInFull;

    /** {@code inputEstimate}: tokens charged for input if the provider never reports it (the request's size). */
    protected UsageTap(long inputEstimate) {
        this.inputEstimate = Math.max(0, inputEstimate);
    }

    /** A crude input estimate from the upstream request body, used only when the provider never says. */
    public static long estimateFromRequest(byte[] requestBody) {
        return requestBody == null ? 0 : ceilDiv(requestBody.length, CHARS_PER_TOKEN);
    }

    /** Observes one event; returns false when the event must not reach the client (a usage chunk it never asked for). */
    public final boolean onEvent(String eventName, String data) {
        if (data != null && data.trim().equals("[DONE]")) {
            terminal("[DONE]");
            return true;
        }
        if (data == null || data.isBlank() || data.charAt(0) != '{') {
            return true;
        }
        JsonNode node;
        try {
            node = Json.parse(data.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return true;
        }
        return read(eventName, node);
    }

    /** Reads a whole (non-streamed) answer's usage; the result is then not estimated if the body reported it. */
    public final MeteredUsage wholeBody(byte[] body) {
        try {
            readWhole(Json.parse(body));
        } catch (IOException | RuntimeException e) {
            // unreadable: estimated below
        }
        return result();
    }

    protected abstract void readWhole(JsonNode body);

    /** Reads one parsed event; returns whether it goes on to the client. */
    protected abstract boolean read(String eventName, JsonNode data);

    /** A tool call the stream emitted. */
    protected final void toolCall(JsonNode name) {
        if (name != null && name.isTextual() && toolCalls.size() < MAX_TOOL_CALLS) {
            toolCalls.add(name.asText());
        }
    }

    /** The stream's terminal event as the provider named it. */
    protected final void terminal(String event) {
        terminalEvent = event;
    }

    public final StreamFacts facts() {
        return new StreamFacts(toolCalls, terminalEvent);
    }

    protected final void countOutput(JsonNode text) {
        if (text != null && text.isTextual()) {
            outputChars += text.asText().length();
        }
    }

    public final MeteredUsage result() {
        long output = Math.max(outputTokens, 0);
        if (reportedInFull && inputTokens >= 0) {
            return MeteredUsage.reported(new Usage(inputTokens, cachedInputTokens, cacheWriteTokens, output,
                    reasoningTokens));
        }
        long input = inputTokens >= 0 ? inputTokens : inputEstimate;
        long estimatedOutput = Math.max(output, ceilDiv(outputChars, CHARS_PER_TOKEN));
        return new MeteredUsage(new Usage(input, cachedInputTokens, cacheWriteTokens, estimatedOutput,
                reasoningTokens), true);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
