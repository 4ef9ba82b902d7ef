package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict Azure OpenAI resource on 127.0.0.1: {@code POST /openai/deployments/{deployment}/chat/completions?api-version=…}
 * and the v1 API ({@code POST /openai/v1/responses}, {@code /openai/v1/chat/completions}, the deployment in
 * {@code model}). Like Azure it refuses a missing or wrong {@code api-key} / Entra bearer (401), a deployment path
 * without {@code api-version} (404 Resource not found) or with one it does not serve (400), an unknown deployment
 * (404 {@code DeploymentNotFound}), and bodies OpenAI would refuse. Errors are in Azure's shape
 * ({@code {"error":{"code","message"}}}). Scripted answers are {@link Reply}s, consumed in order.
 */
public final class FakeAzureOpenAiServer extends LoopbackHttpServer {

    public static final Set<String> API_VERSIONS = Set.of("2024-10-21", "2025-04-01-preview");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEPLOYMENT_PATH = Pattern.compile("/openai/deployments/([^/]+)/chat/completions");

    /**
     * One request as received; {@code deployment} is the one its path or body named; {@code rejection} the error body
     * the server refused it with, or null.
     */
    public record RecordedRequest(String path, String query, Map<String, String> headers, String rawBody, JsonNode body,
                                  String deployment, String rejection) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public boolean chat() {
            return path.endsWith("/chat/completions");
        }
    }

    private final String apiKey;
    private final String bearerToken;
    private final Set<String> deployments;
    private final ConcurrentLinkedQueue<Function<RecordedRequest, Reply>> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    private FakeAzureOpenAiServer(String apiKey, String bearerToken, Set<String> deployments) {
        this.apiKey = apiKey;
        this.bearerToken = bearerToken;
        this.deployments = Set.copyOf(deployments);
    }

    /** A resource taking {@code api-key: apiKey} or {@code Authorization: Bearer bearerToken} (null: none). */
    public static FakeAzureOpenAiServer start(String apiKey, String bearerToken, String... deployments) {
        return new FakeAzureOpenAiServer(apiKey, bearerToken, Set.of(deployments));
    }

    /** The resource root, as in {@code AZURE_OPENAI_ENDPOINT}. */
    public String endpoint() {
        return origin();
    }

    public FakeAzureOpenAiServer enqueue(Reply... replies) {
        for (Reply reply : replies) {
            script.add(request -> reply);
        }
        return this;
    }

    /** Queues an answer made from the request it answers (its path says chat or Responses, its body stream or not). */
    public FakeAzureOpenAiServer enqueue(Function<RecordedRequest, Reply> answer) {
        script.add(answer);
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void reset() {
        script.clear();
        requests.clear();
    }

    /** A 200 chat completions stream of these {@code data:} payloads (e.g. {@link FakeChatServer#stream()}'s). */
    public static Reply chatStream(List<String> payloads) {
        return Reply.sse(payloads.stream().map(payload -> "data: " + payload + "\n\n").toList());
    }

    /** Azure's 429: its error body, and the wait in {@code x-ms-retry-after-ms} (no Retry-After). */
    public static Reply rateLimited(long retryAfterMs) {
        return azureError(429, "429", "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version "
                + "2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry "
                + "after " + Math.max(1, retryAfterMs / 1000) + " seconds.", Map.of("x-ms-retry-after-ms",
                Long.toString(retryAfterMs)));
    }

    /** An error in Azure's shape. */
    public static Reply azureError(int status, String code, String message, Map<String, String> headers) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        return new Reply(status, "application/json", null, root.toString(), headers, java.time.Duration.ZERO,
                java.time.Duration.ZERO, Ending.COMPLETE, java.time.Duration.ZERO);
    }

    @Override
    protected void serve(Received received, HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        JsonNode body = parse(received.body());
        String deployment = deployment(received.path(), body);
        Reply rejection = check(received, query, body, deployment);
        RecordedRequest recorded = new RecordedRequest(received.path(), query, received.firstHeaders(),
                received.body(), body, deployment, rejection == null ? null : rejection.body());
        requests.add(recorded);
        Function<RecordedRequest, Reply> next = rejection != null ? null : script.poll();
        Reply reply = rejection != null ? rejection : next == null ? null : next.apply(recorded);
        if (reply == null) {
            reply = azureError(500, "InternalServerError", "FakeAzureOpenAiServer: no scripted reply left", Map.of());
        }
        exchange.getResponseHeaders().set("apim-request-id", "fake-" + ids.incrementAndGet());
        if (reply.status() == 0) {
            return;
        }
        if (reply.events() == null) {
            respond(exchange, reply.status(), reply.contentType(), reply.headers(), reply.body());
        } else {
            stream(exchange, reply.status(), reply.headers(), reply.events(), reply.eventDelay(),
                    Pacing.BETWEEN_EVENTS, reply.ending(), reply.stall());
        }
    }

    private static String deployment(String path, JsonNode body) {
        Matcher matcher = DEPLOYMENT_PATH.matcher(path);
        if (matcher.matches()) {
            return URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
        }
        return body == null ? null : body.path("model").asText(null);
    }

    /** The error Azure answers with, or null when the request is acceptable. */
    private Reply check(Received request, String query, JsonNode body, String deployment) {
        boolean deploymentPath = DEPLOYMENT_PATH.matcher(request.path()).matches();
        boolean v1Responses = "/openai/v1/responses".equals(request.path());
        boolean v1Chat = "/openai/v1/chat/completions".equals(request.path());
        if (!"POST".equals(request.method()) || !deploymentPath && !v1Responses && !v1Chat) {
            return azureError(404, "404", "Resource not found", Map.of());
        }
        if (!authorised(request)) {
            return azureError(401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make "
                    + "sure to provide a valid key for an active subscription and use a correct regional API endpoint "
                    + "for your resource.", Map.of());
        }
        if (deploymentPath) {
            String version = queryParameter(query, "api-version");
            if (version == null) {
                return azureError(404, "404", "Resource not found", Map.of());
            }
            if (!API_VERSIONS.contains(version)) {
                return azureError(400, "BadRequest", "API version not supported", Map.of());
            }
        }
        if (body == null || !body.isObject()) {
            return azureError(400, "BadRequest", "We could not parse the JSON body of your request.", Map.of());
        }
        if (deployment == null || !deployments.contains(deployment)) {
            return azureError(404, "DeploymentNotFound", "The API deployment for this resource does not exist. If you "
                    + "created the deployment within the last 5 minutes, please wait a moment and try again.", Map.of());
        }
        if (v1Responses) {
            ResponsesRequestValidator.Rejection rejection = ResponsesRequestValidator.validate(body);
            return rejection == null ? null : azureError(rejection.status(), "invalid_request_error",
                    rejection.message(), Map.of());
        }
        String problem = FakeChatServer.validate(request.body());
        return problem == null ? null : azureError(400, "BadRequest", problem, Map.of());
    }

    private boolean authorised(Received request) {
        String key = request.header("api-key");
        String authorization = request.header("authorization");
        if (key != null && authorization != null) {
            return false;
        }
        if (key != null) {
            return key.equals(apiKey);
        }
        return bearerToken != null && ("Bearer " + bearerToken).equals(authorization);
    }

    private static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        String value = parameters.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private static JsonNode parse(String raw) {
        try {
            return raw.isBlank() ? null : JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }
}
