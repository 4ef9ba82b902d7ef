package io.camelgateway.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.canonical.TurnRequest;
import java.util.Map;

/**
 * The client's turn as a provider codec sees it: the client's API codec, its parsed body and the request headers
 * its API forwards ({@link ClientApiCodec#forwardedHeaders()}). The canonical form is decoded only when a codec
 * translates, once per turn.
 */
public final class ClientTurn {

    private final ClientApiCodec api;
    private final ObjectNode body;
    private final Map<String, String> headers;
    private TurnRequest canonical;

    public ClientTurn(ClientApiCodec api, ObjectNode body, Map<String, String> headers) {
        this.api = api;
        this.body = body;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ClientApiCodec api() {
        return api;
    }

    /** The parsed client body. A relaying codec may rewrite fields in place (fallbacks rewrite them again). */
    public ObjectNode body() {
        return body;
    }

    /** The same turn with another body (a codec's own copy, so the client's body stays as it came for fallbacks). */
    public ClientTurn withBody(ObjectNode otherBody) {
        return new ClientTurn(api, otherBody, headers);
    }

    /** A forwarded request header by lower-case name, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    public boolean stream() {
        return body.path("stream").asBoolean(false);
    }

    /** True when the client speaks {@code wire} itself, so its body can go upstream as it is. */
    public boolean speaks(String wire) {
        return wire.equals(api.wire());
    }

    public synchronized TurnRequest canonical() {
        if (canonical == null) {
            canonical = api.decode(body);
        }
        return canonical;
    }
}
