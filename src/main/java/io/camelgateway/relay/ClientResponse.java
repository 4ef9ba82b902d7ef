package io.camelgateway.relay;

import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.secrets.SecretRedactor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Map;

/**
 * Writes to the client's Vert.x response directly: platform-http-vertx 4.18 pumps an InputStream body through an 8 KB
 * buffer that it fills before writing, which would hold small SSE events back. Every
 * byte the relay sends a client passes here, so this is where configured secrets are redacted: a provider quoting
 * its key, in an error, a passed-through event or translated text, never reaches the client.
 */
final class ClientResponse {

    private final HttpServerResponse out;
    private final ClientApiCodec api;

    ClientResponse(HttpServerResponse out, ClientApiCodec api) {
        this.out = out;
        this.api = api;
    }

    boolean started() {
        return out.headWritten() || out.ended();
    }

    boolean closed() {
        return out.closed() || out.ended();
    }

    /** The {@code x-gateway-overhead-ms} this response carried, or null when it carried none. */
    Double overheadMs() {
        String value = out.headers().get("x-gateway-overhead-ms");
        try {
            return value == null ? null : Double.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void beginStream(Map<String, String> headers) {
        out.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        putHeaders(headers);
    }

    /** The one place gateway headers are set: values pass {@link HeaderValues#safe} so none can make Vert.x throw. */
    private void putHeaders(Map<String, String> headers) {
        headers.forEach((name, value) -> {
            String safe = HeaderValues.safe(value);
            if (safe != null) {
                out.putHeader(name, safe);
            }
        });
    }

    void write(List<byte[]> frames) {
        if (out.ended() || out.closed()) {
            return;
        }
        if (frames.size() == 1) {
            out.write(Buffer.buffer(SecretRedactor.redact(frames.get(0))));
            return;
        }
        Buffer joined = Buffer.buffer();
        for (byte[] frame : frames) {
            joined.appendBytes(SecretRedactor.redact(frame));
        }
        out.write(joined);
    }

    void write(byte[] frame) {
        if (!out.ended() && !out.closed()) {
            out.write(Buffer.buffer(SecretRedactor.redact(frame)));
        }
    }

    boolean writeQueueFull() {
        return out.writeQueueFull();
    }

    void onDrain(Runnable action) {
        out.drainHandler(v -> action.run());
    }

    void onClose(Runnable action) {
        out.closeHandler(v -> action.run());
    }

    /** Marks the response finished after the client went away, so platform-http does not try to write it again. */
    void abandon() {
        if (!out.ended()) {
            try {
                out.end();
            } catch (IllegalStateException alreadyGone) {
                out.reset();
            }
        }
    }

    void end(Runnable then) {
        if (out.ended()) {
            then.run();
            return;
        }
        if (out.closed()) {
            // The client hung up first (Codex drops the connection as soon as it has response.completed): still mark
            // the response ended, or platform-http writes it again and logs "Response head already sent".
            abandon();
            then.run();
            return;
        }
        out.end().onComplete(r -> then.run());
    }

    void sendJson(int status, byte[] body, Map<String, String> headers, Runnable then) {
        if (started()) {
            then.run();
            return;
        }
        try {
            out.setStatusCode(status).putHeader("content-type", "application/json");
            putHeaders(headers);
            out.end(Buffer.buffer(SecretRedactor.redact(body))).onComplete(r -> then.run());
        } catch (RuntimeException e) {
            answerPlainly();
            then.run();
            throw e;
        }
    }

    /** Something failed while the head was being set: a bare 500 in the error shape, or a reset if too late. */
    private void answerPlainly() {
        if (out.headWritten() || out.ended()) {
            out.reset();
            return;
        }
        out.headers().clear();
        out.setStatusCode(500).putHeader("content-type", "application/json");
        out.end(Buffer.buffer(api.errorBody(new TurnError(500, "server_error", "internal_error",
                "The gateway failed while answering; the failure has been logged.", null, null))));
    }

    void sendError(TurnError error, Map<String, String> headers, Runnable then) {
        if (error.retryAfterSeconds() != null) {
            out.putHeader("retry-after", Long.toString(error.retryAfterSeconds()));
        }
        sendJson(error.status(), api.errorBody(error), headers, then);
    }
}
