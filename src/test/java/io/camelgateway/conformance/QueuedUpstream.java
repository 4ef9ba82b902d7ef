package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the conformance upstreams over the existing fakes share: the queue of scripted answers (rendered when the
 * request arrives, as the answer depends on it: stream or whole, declared tool names), and the requests since the
 * last reset.
 */
abstract class QueuedUpstream implements ConformanceUpstream {

    /** One request the fake recorded: its JSON body (null when not JSON) and why it was rejected, or null. */
    protected record RecordedCall(JsonNode body, String rejection) {
    }

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private volatile int offset;

    /** Every request the fake recorded since it started, in order. */
    protected abstract List<RecordedCall> recorded();

    /** Applies {@link #sliceStreams} to the fake. */
    protected abstract void slice(int bytes);

    @Override
    public void enqueue(ScriptedTurn turn) {
        queue.add(turn);
    }

    @Override
    public void enqueue(UpstreamFault fault) {
        queue.add(fault);
    }

    /** The next scripted answer ({@link ScriptedTurn} or {@link UpstreamFault}), or null. */
    protected Object next() {
        return queue.poll();
    }

    @Override
    public List<JsonNode> requests() {
        List<RecordedCall> all = recorded();
        List<JsonNode> out = new ArrayList<>();
        for (int i = offset; i < all.size(); i++) {
            out.add(all.get(i).body());
        }
        return out;
    }

    @Override
    public List<String> rejections() {
        List<RecordedCall> all = recorded();
        List<String> out = new ArrayList<>();
        for (int i = offset; i < all.size(); i++) {
            if (all.get(i).rejection() != null) {
                out.add(all.get(i).rejection());
            }
        }
        return out;
    }

    @Override
    public void sliceStreams(int bytes) {
        slice(bytes);
    }

    @Override
    public void reset() {
        queue.clear();
        offset = recorded().size();
        slice(0);
    }
}
