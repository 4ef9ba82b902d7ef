package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One provider codec's strict fake upstream, as the conformance matrix drives it. An implementation starts a real
 * HTTP server on 127.0.0.1 that speaks the provider's wire format and rejects what the real API rejects (bad
 * auth, unknown fields, invalid tool history...), answering 400 in the provider's error shape so the matrix fails.
 *
 * <p>Each scripted answer is consumed by exactly one upstream request, in order; the fake renders it as a stream
 * or as a whole body according to that request. Instances are created once per matrix run and shared by all
 * scenarios ({@link #reset} between scenarios).
 */
public interface ConformanceUpstream extends AutoCloseable {

    /** The matrix column: {@code openai}, {@code anthropic}, {@code openai-chat}, {@code gemini}, ... */
    String name();

    /** The model a client names to reach this upstream through the gateway, e.g. {@code gemini/gemini-2.5-pro}. */
    String model();

    /** Route files (name → YAML) the gateway's {@code routes/} folder needs for this upstream; may be empty. */
    Map<String, String> routeFiles();

    /** Gateway properties pointing its route at this fake (base URLs, project, region, ...). */
    Map<String, String> gatewayProperties();

    /** Environment the gateway needs for this upstream (keys, credential files, AWS_* ...). */
    Map<String, String> gatewayEnvironment();

    /** Queues the answer to the next request. */
    void enqueue(ScriptedTurn turn);

    /** Queues a failure as the answer to the next request. */
    void enqueue(UpstreamFault fault);

    /** The request bodies received since the last {@link #reset}, as JSON, in order. */
    List<JsonNode> requests();

    /** The requests the fake rejected as the real API would (one line each: why); empty when all were valid. */
    List<String> rejections();

    /** Forgets queued answers, received requests and rejections (and any {@link #sliceStreams} setting). */
    void reset();

    /**
     * Until the next {@link #reset}, streams are written in slices of {@code bytes} bytes, each flushed on its own,
     * so the gateway reads events, and multi-byte UTF-8 characters, split across reads. 0: whole events. A fake that
     * cannot slice its writes may ignore this.
     */
    default void sliceStreams(int bytes) {
    }

    /**
     * Whether the provider hands out reasoning signatures (or encrypted reasoning) that must come back verbatim on
     * the next turn; false for chat servers, whose reasoning text carries none.
     */
    default boolean signsReasoning() {
        return true;
    }

    /** Whether the provider reports reasoning tokens in its usage (Anthropic counts them in output tokens only). */
    default boolean reportsReasoningTokens() {
        return true;
    }

    /**
     * Whether the provider states how long to wait when it throttles or is overloaded (a header or a body field the
     * fake renders from {@link UpstreamFault#retryAfterSeconds}). Bedrock states none: the gateway then chooses the
     * Retry-After Codex gets.
     */
    default boolean statesRetryDelay() {
        return true;
    }

    /**
     * Whether the provider's own call ids reach the client. False for Gemini, which has none: the gateway makes
     * them, and the matrix then checks they are there, unique, and that each result goes back to the right call.
     */
    default boolean keepsCallIds() {
        return true;
    }

    /**
     * The tool results carried by the last turn of one of this upstream's {@link #requests}, in the order the
     * provider reads them. Needed only when {@link #keepsCallIds} is false (the results cannot be told apart by id).
     */
    default List<ToolResult> toolResults(JsonNode request) {
        throw new UnsupportedOperationException(name() + " does not read tool results back");
    }

    /** One tool result as the upstream got it: the name of the call it answers and its content as JSON text. */
    record ToolResult(String name, String content) {
    }

    @Override
    void close();
}
