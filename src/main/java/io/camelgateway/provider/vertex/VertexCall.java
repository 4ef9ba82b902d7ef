package io.camelgateway.provider.vertex;

import io.camelgateway.api.ClientStream;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.provider.CallStream;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.UpstreamRequest;
import io.camelgateway.usage.UsageTap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A call to Vertex AI: the wrapped call's request, sent to the region's host with the current access token. The
 * token is read when the request goes out (on the event loop: never fetched there, only read from the cache), so a
 * retry after a renewal carries the new one.
 */
final class VertexCall implements ProviderCall {

    private final ProviderCall inner;
    private final VertexAuth auth;
    private final VertexLocation location;
    private volatile String token;

    VertexCall(ProviderCall inner, VertexAuth auth, VertexLocation location, String token) {
        this.inner = inner;
        this.auth = auth;
        this.location = location;
        this.token = token;
    }

    @Override
    public UpstreamRequest request() {
        String current = auth.tokens().current();
        if (current != null) {
            token = current;
        }
        UpstreamRequest request = inner.request();
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.put("authorization", "Bearer " + token);
        return new UpstreamRequest(request.path(), headers, request.body());
    }

    @Override
    public String url(String baseUrl) {
        return location.baseUrl(baseUrl) + inner.request().path();
    }

    @Override
    public boolean renewCredentials() {
        boolean renewed = auth.tokens().renew(token, VertexAuth.TOKEN_WAIT);
        String current = auth.tokens().current();
        if (renewed && current != null) {
            token = current;
            return true;
        }
        return false;
    }

    @Override
    public List<String> droppedTools() {
        return inner.droppedTools();
    }

    @Override
    public TurnError mapError(int status, Function<String, String> headers, byte[] body) {
        return inner.mapError(status, headers, body);
    }

    @Override
    public byte[] clientBody(byte[] upstreamBody) {
        return inner.clientBody(upstreamBody);
    }

    @Override
    public UsageTap wholeAnswer(byte[] upstreamBody) {
        return inner.wholeAnswer(upstreamBody);
    }

    @Override
    public CallStream openStream(ClientStream client, boolean continuing, Consumer<List<byte[]>> out) {
        return inner.openStream(client, continuing, out);
    }
}
