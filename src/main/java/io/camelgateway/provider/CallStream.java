package io.camelgateway.provider;

import io.camelgateway.canonical.TurnError;
import io.camelgateway.http.SseEvent;
import io.camelgateway.usage.MeteredUsage;
import io.camelgateway.usage.StreamFacts;

/**
 * One upstream stream being turned into the client's stream. Events arrive in order, one thread at a time. Every
 * way out ({@link #end}, {@link #fail}) leaves the client stream ended by its terminal event.
 */
public interface CallStream {

    void onEvent(SseEvent event);

    /**
     * The upstream body ended. Returns null when the stream reached its terminal event; otherwise the client
     * stream has been ended with the returned error (the provider cut it short).
     */
    TurnError end();

    /** Ends the client stream with {@code error}, unless it already reached its terminal event. */
    void fail(TurnError error);

    /** Writes a keep-alive during an upstream silence. */
    void keepAlive();

    /**
     * What this attempt is charged with so far: the provider's reported usage, or what was seen plus an estimate
     * (marked estimated) when the stream was cut or abandoned. Null when the stream's wire has no usage reader.
     */
    default MeteredUsage usage() {
        return null;
    }

    /** The tool calls the upstream stream emitted and its terminal event; null when not read. */
    default StreamFacts facts() {
        return null;
    }
}
