package io.camelgateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import java.util.Set;
import java.util.function.Function;

/**
 * One client-facing API (Responses, Chat Completions, Messages): everything client-shaped about a turn. It checks
 * and decodes the client's requests, names the facts the router decides on, encodes canonical answers and streams
 * in the client's framing, and shapes errors the way the client's SDK reads them. Nothing outside the API's own
 * package knows which API a turn came in on.
 */
public interface ClientApiCodec {

    /** A short name for logs and bean names ({@code responses}, {@code chat}, {@code messages}). */
    String name();

    /** The path its entry route serves, e.g. {@code /v1/responses}; errors under it are shaped by this API. */
    String path();

    /**
     * The wire format of this API's bodies and streams ({@code openai-responses}, {@code openai-chat},
     * {@code anthropic-messages}): a provider codec that speaks the same one relays the bytes instead of translating.
     */
    String wire();

    /** Checks the fields every route needs and returns the requested model; throws {@link RequestValidationException}. */
    String validateAndGetModel(ObjectNode body);

    /**
     * Checks a body sent to count its tokens (fields only a generated answer needs may be absent) and returns the
     * model; by default the same checks as a turn.
     */
    default String validateCountRequest(ObjectNode body) {
        return validateAndGetModel(body);
    }

    TurnRequest decode(ObjectNode body);

    /**
     * What the cost router reads from a request (tokens, recent tools, reasoning effort, session), taken from the
     * parsed body without a full decode. {@code headers} looks up a request header by lower-case name.
     */
    RoutingFacts routingFacts(ObjectNode body, Function<String, String> headers, int recentTurns);

    byte[] encodeResponse(TurnResponse response, String model);

    /**
     * The client side of one streamed turn, in this API's framing. {@code inputTokens} is the gateway's own count of
     * the request's input (for APIs that announce usage before the provider reports it).
     */
    ClientStream openStream(String model, ObjectNode requestBody, long inputTokens);

    /** The error body in this API's shape (the status is {@link TurnError#status()}). */
    byte[] errorBody(TurnError error);

    /** Request headers (lower-case) that go to a provider speaking this API's own wire format unchanged. */
    default Set<String> forwardedHeaders() {
        return Set.of();
    }
}
