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

    /** Forgets queued answers, received requests and rejections. */
    void reset();

    @Override
    void close();
}
