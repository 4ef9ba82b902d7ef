package io.camelgateway.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.ClientStream;
import io.camelgateway.api.RoutingFacts;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A client API that speaks no OpenAI wire format, for tests of the translating path: its requests decode to a
 * canonical request the test provides, and its answers are kept as canonical objects for the test to read.
 */
final class CanonicalTestClient implements ClientApiCodec {

    private final TurnRequest request;
    final List<TurnResponse> answers = new CopyOnWriteArrayList<>();
    final List<StreamEvent> events = new CopyOnWriteArrayList<>();

    CanonicalTestClient(TurnRequest request) {
        this.request = request;
    }

    @Override
    public String name() {
        return "canonical-test";
    }

    @Override
    public String path() {
        return "/v1/canonical-test";
    }

    @Override
    public String wire() {
        return "canonical-test";
    }

    @Override
    public String validateAndGetModel(ObjectNode body) {
        return request.model();
    }

    @Override
    public TurnRequest decode(ObjectNode body) {
        return request;
    }

    @Override
    public RoutingFacts routingFacts(ObjectNode body, Function<String, String> headers, int recentTurns) {
        return new RoutingFacts(null, null, null, null, null, null);
    }

    @Override
    public byte[] encodeResponse(TurnResponse response, String model) {
        answers.add(response);
        return response.status().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ClientStream openStream(String model, ObjectNode requestBody, long inputTokens) {
        return new ClientStream() {
            @Override
            public String responseId() {
                return "resp_client";
            }

            @Override
            public long createdAt() {
                return 1L;
            }

            @Override
            public List<byte[]> encode(StreamEvent event) {
                events.add(event);
                return List.of(event.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public List<byte[]> commit(String committedModel) {
                return List.of();
            }

            @Override
            public boolean commitAnnouncedStart() {
                return false;
            }

            @Override
            public List<byte[]> keepAlive() {
                return List.of();
            }

            @Override
            public List<byte[]> failCommitted(TurnError error) {
                return List.of();
            }

            @Override
            public String relayed(String eventName, String data) {
                throw new AssertionError("a translated call never relays bytes");
            }

            @Override
            public boolean isTerminal(String eventName, String data) {
                return false;
            }

            @Override
            public List<byte[]> relayFailure(TurnError error, String failedModel) {
                return List.of();
            }
        };
    }

    @Override
    public byte[] errorBody(TurnError error) {
        return error.message().getBytes(StandardCharsets.UTF_8);
    }
}
