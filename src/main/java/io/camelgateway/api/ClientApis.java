package io.camelgateway.api;

import java.util.List;

/** The client APIs the gateway serves, in registration order; the first one's shape is the default. */
public final class ClientApis {

    private final List<ClientApiCodec> apis;

    public ClientApis(List<ClientApiCodec> apis) {
        if (apis.isEmpty()) {
            throw new IllegalArgumentException("at least one client API is needed");
        }
        this.apis = List.copyOf(apis);
    }

    public List<ClientApiCodec> all() {
        return apis;
    }

    /** The API whose entry path {@code path} is or lies under; the default API for any other path. */
    public ClientApiCodec forPath(String path) {
        ClientApiCodec best = null;
        for (ClientApiCodec api : apis) {
            String prefix = api.path();
            boolean under = path != null && (path.equals(prefix) || path.startsWith(prefix + "/"));
            if (under && (best == null || prefix.length() > best.path().length())) {
                best = api;
            }
        }
        return best != null ? best : defaultApi();
    }

    public ClientApiCodec defaultApi() {
        return apis.get(0);
    }
}
