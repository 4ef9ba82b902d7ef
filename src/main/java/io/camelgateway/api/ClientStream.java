package io.camelgateway.api;

import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import java.util.List;

/**
 * The client side of one streamed turn, shared by all its attempts: renders canonical events in the client API's
 * SSE framing, and knows what the gateway already wrote, so a stream committed early (before a provider answered)
 * or a relayed provider stream continues as if one server had sent it all. Frames are complete SSE frames.
 */
public interface ClientStream {

    /** The id every response of this turn carries. */
    String responseId();

    /** Seconds since the epoch when the turn started. */
    long createdAt();

    /** The frames for one canonical event (translated streams). */
    List<byte[]> encode(StreamEvent event);

    /**
     * What the gateway writes when it commits the stream before any provider answered; {@code model} is the first
     * plan's. After this, {@link #commitAnnouncedStart()} says whether the client already has the stream's start.
     */
    List<byte[]> commit(String model);

    /** True when {@link #commit} wrote the canonical start event: an attempt continuing the stream must not repeat it. */
    boolean commitAnnouncedStart();

    /** A keep-alive while the committed stream waits for a provider. */
    List<byte[]> keepAlive();

    /** Ends a committed stream that no attempt took over, worded for how this client reacts to in-band errors. */
    List<byte[]> failCommitted(TurnError error);

    /**
     * A relayed upstream event's data (the provider speaks this API's own format) as it must reach this client
     * now: unchanged, adjusted to continue what the gateway committed, or null to drop it.
     */
    String relayed(String eventName, String data);

    /** True when a relayed event is this API's terminal event. */
    boolean isTerminal(String eventName, String data);

    /** The frames that end a relayed stream the provider cut (or the gateway aborted) before its terminal event. */
    List<byte[]> relayFailure(TurnError error, String model);
}
