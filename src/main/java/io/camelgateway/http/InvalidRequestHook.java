package io.camelgateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the handler for requests the HTTP decoder refuses (URI too long, headers too large, bad request line) on a
 * server that is already listening. Vert.x 4.5 reads {@link HttpServer#invalidRequestHandler} only when it starts
 * listening, and Camel's platform-http starts its server before any hook of ours runs, so the handler is also put,
 * by reflection, into the per-server connection handler that every new connection copies it from. If Vert.x
 * changes its internals, this logs once and the server keeps its default (empty-bodied) answers.
 */
final class InvalidRequestHook {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidRequestHook.class);
    private static final String CONNECTION_HANDLER = "io.vertx.core.http.impl.HttpServerConnectionHandler";

    private InvalidRequestHook() {
    }

    static void install(HttpServer server, Handler<HttpServerRequest> handler) {
        if (server == null) {
            return;
        }
        server.invalidRequestHandler(handler);
        try {
            Object connections = connectionHandler(server);
            if (connections == null) {
                LOG.warn("Could not reach the HTTP server's connection handler: requests the HTTP decoder refuses "
                        + "(414, 431, 400) keep empty bodies");
                return;
            }
            Field field = connections.getClass().getDeclaredField("invalidRequestHandler");
            field.setAccessible(true);
            field.set(connections, handler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Could not install the JSON answer for requests the HTTP decoder refuses (414, 431, 400 keep "
                    + "empty bodies): {}", e.toString());
        }
    }

    /** TCPServerBase.childHandler (an HttpServerWorker) holds the HttpServerConnectionHandler in one of its fields. */
    private static Object connectionHandler(HttpServer server) throws ReflectiveOperationException {
        Class<?> type = server.getClass();
        while (type != null && !"io.vertx.core.net.impl.TCPServerBase".equals(type.getName())) {
            type = type.getSuperclass();
        }
        if (type == null) {
            return null;
        }
        Field childHandler = type.getDeclaredField("childHandler");
        childHandler.setAccessible(true);
        Object worker = childHandler.get(server);
        if (worker == null) {
            return null;
        }
        for (Field held : worker.getClass().getDeclaredFields()) {
            if (held.getType().isPrimitive()) {
                continue;
            }
            held.setAccessible(true);
            Object value = held.get(worker);
            if (value != null && CONNECTION_HANDLER.equals(value.getClass().getName())) {
                return value;
            }
        }
        return null;
    }
}
