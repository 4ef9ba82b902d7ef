package io.camelgateway.provider;

import io.camelgateway.api.ClientStream;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.http.StreamFraming;
import io.camelgateway.usage.UsageTap;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One prepared upstream call, the same contract for every protocol: the request out, then either an error, a
 * whole body, or a stream of events, each turned into what the client gets. Retries reuse the call; every stream
 * gets fresh state from {@link #openStream}.
 */
public interface ProviderCall {

    UpstreamRequest request();

    /** The absolute URL of the request: {@code baseUrl} (the target's) followed by the request's path. */
    default String url(String baseUrl) {
        return baseUrl + request().path();
    }

    /**
     * The provider rejected the credentials this call sent (HTTP 401). A call whose credentials expire (an access
     * token) renews them here, on the calling worker thread (it may block, never on an event loop), and answers
     * true when sending the call again will carry new credentials; false when there is nothing to renew.
     */
    default boolean renewCredentials() {
        return false;
    }

    /** Hosted tools the provider cannot run and the request left out (reported to the client in a header). */
    List<String> droppedTools();

    /** An upstream error answer (status ≥ 400) as the client-facing error. */
    TurnError mapError(int status, Function<String, String> headers, byte[] body);

    /** A whole (non-streamed) upstream body as the client's response body; throws when it cannot be read. */
    byte[] clientBody(byte[] upstreamBody);

    /** How the upstream stream body is framed. */
    default StreamFraming upstreamFraming() {
        return StreamFraming.SSE;
    }

    /** A whole (non-streamed) upstream body read for usage and tool calls; null when this call cannot read it. */
    default UsageTap wholeAnswer(byte[] upstreamBody) {
        return null;
    }

    /**
     * The upstream stream begins. Client frames go to {@code out}; {@code continuing} is true when the gateway had
     * already committed {@code client}'s stream, so this call continues it.
     */
    CallStream openStream(ClientStream client, boolean continuing, Consumer<List<byte[]>> out);

    /** A fresh capture of this call's answer in canonical form (for the response cache); null when it has none. */
    default AnswerCapture answerCapture() {
        return null;
    }
}
