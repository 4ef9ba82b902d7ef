package io.camelgateway.api;

import io.camelgateway.canonical.Ids;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What every client stream shares: the turn's response id and start time, and the empty response that a commit,
 * a keep-alive or a committed failure names before any output exists.
 */
public abstract class TurnClientStream implements ClientStream {

    private final String responseId = Ids.next("resp_");
    private final long createdAt = System.currentTimeMillis() / 1000;
    private String model;

    protected TurnClientStream(String model) {
        this.model = model;
    }

    @Override
    public String responseId() {
        return responseId;
    }

    @Override
    public long createdAt() {
        return createdAt;
    }

    /** The model a commit announces: the first plan's. */
    protected void commitModel(String firstModel) {
        model = firstModel;
    }

    @Override
    public List<byte[]> keepAlive() {
        return encode(new StreamEvent.KeepAlive(head(null)));
    }

    @Override
    public List<byte[]> failCommitted(TurnError error) {
        return encode(new StreamEvent.Failed(head(InBandErrors.forStream(error))));
    }

    /** The turn's response as the client knows it before any output: no items, and {@code error} when it failed. */
    protected final TurnResponse head(TurnError error) {
        return new TurnResponse(responseId, model, createdAt, List.of(), null, null, error);
    }

    /** Text frames as the UTF-8 bytes the client gets. */
    protected static List<byte[]> utf8(List<String> frames) {
        List<byte[]> out = new ArrayList<>(frames.size());
        for (String frame : frames) {
            out.add(frame.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
