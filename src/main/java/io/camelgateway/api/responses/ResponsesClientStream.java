package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.TurnClientStream;
import io.camelgateway.canonical.Ids;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Responses stream. An early commit sends {@code response.created}; a relayed OpenAI stream joining it then has
 * its own {@code response.created} dropped and its ids and sequence numbers continued ({@link CommittedPassthrough}).
 */
final class ResponsesClientStream extends TurnClientStream {

    private final ResponsesStreamEncoder encoder = new ResponsesStreamEncoder();
    private long framesSent;
    private boolean committed;
    private CommittedPassthrough continuation;

    ResponsesClientStream(String model) {
        super(model);
    }

    @Override
    public List<byte[]> encode(StreamEvent event) {
        List<byte[]> frames = encoder.encode(event);
        framesSent += frames.size();
        return frames;
    }

    @Override
    public List<byte[]> commit(String firstModel) {
        committed = true;
        commitModel(firstModel);
        return encode(new StreamEvent.Created(head(null)));
    }

    @Override
    public boolean commitAnnouncedStart() {
        return true;
    }

    @Override
    public String relayed(String eventName, String data) {
        return committed ? continuation().rewrite(data) : data;
    }

    @Override
    public boolean isTerminal(String eventName, String data) {
        return data.contains("\"response.completed\"") || data.contains("\"response.failed\"")
                || data.contains("\"response.incomplete\"");
    }

    @Override
    public List<byte[]> relayFailure(TurnError error, String answeringModel) {
        TurnResponse failed = new TurnResponse(Ids.next("resp_"), answeringModel, System.currentTimeMillis() / 1000,
                List.of(), null, null, error);
        ObjectNode body = Json.object().put("type", "response.failed");
        body.set("response", ResponsesResponseEncoder.encode(failed, "failed"));
        List<byte[]> frames = List.of(("event: response.failed\ndata: " + Json.text(body) + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        return committed ? continuation().rewriteFrames(frames) : frames;
    }

    /** The relayed stream continues the numbering after the frames the gateway sent itself. */
    private CommittedPassthrough continuation() {
        if (continuation == null) {
            continuation = new CommittedPassthrough(responseId(), framesSent);
        }
        return continuation;
    }
}
