package io.camelgateway.provider;

import java.util.Map;

/**
 * An HTTP request to a provider, ready to send: {@code path} is appended to the target's base URL.
 * {@code headers} include auth; never log them.
 */
public record UpstreamRequest(String path, Map<String, String> headers, byte[] body) {

    public UpstreamRequest {
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "UpstreamRequest[" + path + ", " + body.length + " bytes]";
    }
}
