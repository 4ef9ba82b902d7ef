package io.camelgateway.http;

import io.camelgateway.api.ClientApis;
import io.camelgateway.api.ErrorBodies;
import io.camelgateway.canonical.TurnError;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every answer the HTTP server makes on its own (before or instead of a route) the client's JSON error shape:
 * unknown path 404, wrong method 405 with {@code Allow}, oversized body 413, a request the HTTP decoder refuses
 * (URI too long 414, headers too large 431, malformed request line or chunk 400), the body read timeout and
 * pending-body cap of {@link RequestBodyGuard}, and the 408 of {@link RequestHeadGuard} for unfinished heads.
 */
public final class ServerErrorShapes {

    private static final Logger LOG = LoggerFactory.getLogger(ServerErrorShapes.class);

    private final Router router;
    private final long maxBodySize;
    /** The client APIs, whose error shapes answer requests under their paths; null: the default shape for all. */
    private final ClientApis apis;

    private ServerErrorShapes(Router router, long maxBodySize, ClientApis apis) {
        this.router = router;
        this.maxBodySize = maxBodySize;
        this.apis = apis;
    }

    /** How long a request head or body may take, and how many bodies may be arriving at once (0 ms: no limits). */
    public record RequestLimits(long bodyTimeoutMs, int maxPendingBodies, long headTimeoutMs) {
    }

    /** Installs the handlers on the platform-http router and server listening on {@code port}. */
    public static void install(CamelContext camel, int port, long maxBodySize, RequestLimits limits) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            LOG.warn("No platform-http router on port {}: HTTP-level errors keep the server's default bodies", port);
            return;
        }
        ServerErrorShapes shapes = new ServerErrorShapes(router, maxBodySize,
                camel.getRegistry().lookupByNameAndType("clientApis", ClientApis.class));
        RequestBodyGuard guard = new RequestBodyGuard(router.vertx(), limits.bodyTimeoutMs(), limits.maxPendingBodies());
        router.route().order(Integer.MIN_VALUE).handler(guard).failureHandler(shapes::failure);
        // Camel's routes live on a sub-router mounted on the server's main router, which answers unmatched requests
        HttpServer server = router.getServer().getServer();
        Router main = server.requestHandler() instanceof Router r ? r : router;
        main.errorHandler(404, shapes::notFound);
        main.errorHandler(405, shapes::methodNotAllowed);
        main.errorHandler(400, shapes::routerError);
        main.errorHandler(500, shapes::routerError);
        InvalidRequestHook.install(server, shapes::invalidRequest);
        RequestHeadGuard.install(server, limits.headTimeoutMs());
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return; // already answered (e.g. 408 by the body guard, which then closed the connection)
        }
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        Throwable failure = ctx.failure();
        int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
        if (status != 413 && bodyUndecodable(ctx)) {
            // the body is not valid HTTP (a bad chunk size, chunk data not ended by CRLF): Vert.x closes the
            // connection right after this, so the answer is flushed now
            send(ctx.request(), badRequest("The request body is not valid HTTP (" + problem(failure) + ")."), true);
            flushNow(ctx.request());
        } else if (status == 413) {
            send(ctx.request(), new TurnError(413, "invalid_request_error", "request_too_large",
                    "The request body is larger than this gateway accepts (" + maxBodySize + " bytes).", null, null),
                    false);
        } else if (failure instanceof HttpClosedException) {
            LOG.debug("client closed the connection before its request body was read");
        } else if (status == 404) {
            notFound(ctx);
        } else if (status == 405) {
            methodNotAllowed(ctx);
        } else if (status >= 400 && status < 500) {
            send(ctx.request(), clientError(status, failure), false);
        } else {
            ctx.next();
        }
    }

    /**
     * The body stopped being readable before its end for a reason other than a refusal or a close: the HTTP decoder
     * failed on it (Netty reports a bad chunk size as a NumberFormatException, a missing CRLF after chunk data as an
     * InvalidChunkTerminationException; the body handler passes them on with status 400 or none).
     */
    private static boolean bodyUndecodable(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        return failure != null && !ctx.request().isEnded() && !(failure instanceof HttpException)
                && !(failure instanceof HttpClosedException);
    }

    /** What the main router answers itself (a bad path or query, an unexpected failure), in the JSON shape. */
    private void routerError(RoutingContext ctx) {
        int status = ctx.failure() instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
        if (status >= 400 && status < 500) {
            send(ctx.request(), clientError(status, ctx.failure()), false);
            return;
        }
        LOG.error("unexpected failure in the HTTP router for {} {}", ctx.request().method(), shown(ctx.request()),
                ctx.failure());
        send(ctx.request(), new TurnError(500, "server_error", "internal_error",
                "The gateway failed unexpectedly; the failure has been logged.", null, null), false);
    }

    private static TurnError clientError(int status, Throwable failure) {
        String problem = failure == null ? "" : " (" + problem(failure) + ")";
        if (status == 400) {
            return badRequest("The request is not valid HTTP" + problem + ".");
        }
        return new TurnError(status, "invalid_request_error", "http_" + status,
                "The request was refused by the HTTP server (status " + status + ")" + problem + ".", null, null);
    }

    private void notFound(RoutingContext ctx) {
        send(ctx.request(), TurnError.notFound("not_found", "There is no endpoint at " + ctx.request().method() + " "
                + shown(ctx.request()) + ". This gateway serves: " + String.join(", ", endpoints()) + "."), false);
    }

    private void methodNotAllowed(RoutingContext ctx) {
        Set<String> methods = allowedMethods(ctx.request().path());
        if (methods.isEmpty()) {
            notFound(ctx);
            return;
        }
        String allowed = String.join(", ", methods);
        ctx.response().putHeader("allow", allowed);
        send(ctx.request(), new TurnError(405, "invalid_request_error", "method_not_allowed", "Method "
                + ctx.request().method() + " is not allowed on " + shown(ctx.request()) + "; use " + allowed + ".",
                null, null), false);
    }

    /** A request the HTTP decoder refused: it never reaches the router, and the connection cannot be reused. */
    private void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        TurnError error;
        if (cause instanceof TooLongHttpLineException) {
            error = new TurnError(414, "invalid_request_error", "uri_too_long",
                    "The request line (method, path and query) is longer than this gateway accepts.", null, null);
        } else if (cause instanceof TooLongHttpHeaderException) {
            error = new TurnError(431, "invalid_request_error", "headers_too_large",
                    "The request headers are larger than this gateway accepts.", null, null);
        } else {
            error = badRequest("The request is not valid HTTP (" + problem(cause) + ").");
        }
        send(request, error, true);
    }

    private static TurnError badRequest(String message) {
        return new TurnError(400, "invalid_request_error", "bad_request", message, null, null);
    }

    /** Netty's and Vert.x's messages are short and plain ("invalid chunk size", "invalid version format: …"). */
    private static String problem(Throwable cause) {
        if (cause == null) {
            return "malformed request";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "malformed request"
                : root.getMessage().substring(0, 1).toLowerCase(java.util.Locale.ROOT) + root.getMessage().substring(1);
        message = message.replaceAll("\\p{Cntrl}", "?");
        return message.length() > 120 ? message.substring(0, 120) + "…" : message;
    }

    private void send(HttpServerRequest request, TurnError error, boolean closeConnection) {
        HttpServerResponse response = request.response();
        if (response.ended()) {
            return;
        }
        response.setStatusCode(error.status()).putHeader("content-type", "application/json");
        if (closeConnection) {
            response.putHeader("connection", "close");
        }
        response.end(Buffer.buffer(errorBody(request, error))).onComplete(done -> {
            if (closeConnection) {
                response.close();
            }
        });
    }

    /** The error in the shape of the client API whose path the request named (the default API's otherwise). */
    private byte[] errorBody(HttpServerRequest request, TurnError error) {
        if (apis == null) {
            return ErrorBodies.bytes(error);
        }
        String path;
        try {
            path = request.path();
        } catch (RuntimeException undecodable) {
            path = null;
        }
        return apis.forPath(path).errorBody(error);
    }

    /**
     * Vert.x flushes writes made while it reads at the end of the read; a decoding failure closes the connection
     * before that, so the answer is flushed here or it would be lost.
     */
    private static void flushNow(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase connection) {
            connection.channel().flush();
        }
    }

    /** Method and path of every route, e.g. {@code POST /v1/responses}. */
    private Set<String> endpoints() {
        Set<String> endpoints = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null) {
                continue;
            }
            if (route.methods() == null || route.methods().isEmpty()) {
                endpoints.add("GET " + route.getPath());
            } else {
                route.methods().forEach(method -> endpoints.add(method.name() + " " + route.getPath()));
            }
        }
        return endpoints;
    }

    private Set<String> allowedMethods(String path) {
        Set<String> allowed = new TreeSet<>();
        String wanted = withoutTrailingSlash(path == null ? "" : path);
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null && samePath(wanted, withoutTrailingSlash(route.getPath())) && route.methods() != null) {
                route.methods().stream().map(HttpMethod::name).forEach(allowed::add);
            }
        }
        return allowed;
    }

    /** Whether {@code path} is served by the route path {@code template}, whose {@code :name} segments match any one. */
    static boolean samePath(String path, String template) {
        String[] wanted = path.split("/", -1);
        String[] served = template.split("/", -1);
        if (wanted.length != served.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            boolean parameter = served[i].startsWith(":") && !wanted[i].isEmpty();
            if (!parameter && !served[i].equals(wanted[i])) {
                return false;
            }
        }
        return true;
    }

    private static String withoutTrailingSlash(String path) {
        return path != null && path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The path as the client sent it, cut short and without control characters (it goes into a message). */
    private static String shown(HttpServerRequest request) {
        String path = request.path() == null ? "" : request.path().replaceAll("\\p{Cntrl}", "?");
        return path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }
}
