package io.camelgateway.testing;

import com.sun.net.httpserver.HttpExchange;
import io.camelgateway.fakes.LoopbackHttpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A loopback upstream that answers every POST with the same scripted SSE frames, one every {@code delayMs}, and
 * optionally cuts the connection before the end. Records request bodies and headers, and notices when the
 * gateway hangs up mid-stream (the write fails), which is how tests prove a client disconnect reached upstream.
 * Speaks whichever protocol its frames are in and checks nothing; the per-protocol fakes in
 * {@code io.camelgateway.fakes} check requests as the real APIs do and are the ones to prefer.
 */
public final class ScriptedSseUpstream extends LoopbackHttpServer {

    private final List<String> frames;
    private final Duration delay;
    private final Ending ending;

    private volatile long headDelayMs;

    private ScriptedSseUpstream(List<String> frames, long delayMs, boolean cut) {
        this.frames = frames.stream().map(frame -> frame + "\n\n").toList();
        this.delay = Duration.ofMillis(delayMs);
        this.ending = cut ? Ending.CUT_HALFWAY : Ending.COMPLETE;
    }

    /** {@code frames} are complete SSE blocks without the trailing blank line. */
    public static ScriptedSseUpstream start(List<String> frames, long delayMs, boolean cutBeforeEnd) throws IOException {
        return new ScriptedSseUpstream(frames, delayMs, cutBeforeEnd);
    }

    /** Waits this long before the response head of every request (a provider slow to start its answer). */
    public ScriptedSseUpstream delayHead(long ms) {
        headDelayMs = ms;
        return this;
    }

    public String baseUrl() {
        return origin();
    }

    public List<String> bodies() {
        return received().stream().map(Received::body).toList();
    }

    public List<Map<String, String>> requestHeaders() {
        return received().stream().map(Received::joinedHeaders).toList();
    }

    @Override
    protected void serve(Received request, HttpExchange exchange) throws IOException {
        sleep(Duration.ofMillis(headDelayMs));
        stream(exchange, 200, Map.of(), frames, delay, Pacing.BETWEEN_EVENTS, ending, Duration.ZERO);
    }
}
