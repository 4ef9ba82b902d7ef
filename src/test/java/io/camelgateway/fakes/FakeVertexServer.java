package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict stand-in for Vertex AI ({@code {region}-aiplatform.googleapis.com}) serving Claude
 * ({@code POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict} and
 * {@code :streamRawPredict}) and Gemini ({@code …/publishers/google/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}). It checks what Vertex checks (the project and region, a bearer token the
 * {@link FakeGoogleTokenServer} issued and that is neither expired nor revoked; for Claude no {@code model} in the
 * body, {@code anthropic_version: vertex-2023-10-16} and {@code stream} matching the method), answering in Google's
 * error shape. Then the model's own strict fake takes the request ({@link FakeAnthropicServer} with the model put back
 * into the body, {@link FakeGeminiServer} as it is): their body rules, signature checks and scripted replies apply,
 * and their answer comes back byte for byte as it is produced.
 */
public final class FakeVertexServer extends LoopbackHttpServer {

    public static final String VERTEX_VERSION = "vertex-2023-10-16";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile(
            "/v1/projects/([^/]+)/locations/([^/]+)/publishers/([^/]+)/models/([^/:]+):([A-Za-z]+)");

    /** One request as Vertex saw it; {@code rejection} is why it was refused (null: passed on). */
    public record VertexRequest(String path, String model, String method, String bearer, JsonNode body,
                                String rejection) {
    }

    private final FakeGoogleTokenServer tokens;
    private final String project;
    private final String region;
    private static final String GEMINI_KEY = "vertex-internal-gemini-key";

    private final FakeAnthropicServer anthropic = FakeAnthropicServer.start("vertex-internal").acceptAnyKey();
    private final FakeGeminiServer gemini = FakeGeminiServer.start(GEMINI_KEY);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<VertexRequest> requests = new CopyOnWriteArrayList<>();
    private volatile boolean rejectAllTokens;
    private volatile String anthropicUrl = anthropic.baseUrl();
    private volatile String anthropicKey = "vertex-internal";
    private volatile String geminiUrl = gemini.baseUrl();
    private volatile String geminiKey = GEMINI_KEY;

    private FakeVertexServer(FakeGoogleTokenServer tokens, String project, String region) {
        this.tokens = tokens;
        this.project = project;
        this.region = region;
    }

    public static FakeVertexServer start(FakeGoogleTokenServer tokens, String project, String region) {
        return new FakeVertexServer(tokens, project, region);
    }

    /** The base URL to configure ({@code http://127.0.0.1:<port>}). */
    public String baseUrl() {
        return origin();
    }

    /** The Claude behind this Vertex: enqueue its replies, read the Messages bodies it received. */
    public FakeAnthropicServer anthropic() {
        return anthropic;
    }

    /** While set, every bearer token is refused with 401 (credentials Google no longer honours). */
    public void rejectAllTokens(boolean reject) {
        rejectAllTokens = reject;
    }

    public List<VertexRequest> requests() {
        return List.copyOf(requests);
    }

    public List<String> rejections() {
        return requests.stream().map(VertexRequest::rejection).filter(r -> r != null).toList();
    }

    /** Claude requests go to another strict Anthropic fake (its base URL and key) instead of the built-in one. */
    public FakeVertexServer anthropicBehind(String baseUrl, String apiKey) {
        anthropicUrl = baseUrl;
        anthropicKey = apiKey;
        return this;
    }

    /** Gemini requests go to another strict Gemini fake (its base URL and key) instead of the built-in one. */
    public FakeVertexServer geminiBehind(String baseUrl, String apiKey) {
        geminiUrl = baseUrl;
        geminiKey = apiKey;
        return this;
    }

    /** The Gemini behind this Vertex: enqueue its answers, read the bodies it received. */
    public FakeGeminiServer gemini() {
        return gemini;
    }

    public void reset() {
        requests.clear();
    }

    @Override
    public void close() {
        super.close();
        anthropic.close();
        gemini.close();
    }

    @Override
    protected void serve(Received request, HttpExchange exchange) throws IOException {
        Matcher path = PATH.matcher(request.path());
        String authorization = request.header("authorization");
        String bearer = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()) : null;
        JsonNode body = parse(request.body());
        if (!path.matches()) {
            reject(exchange, request, null, null, bearer, body, 404, "NOT_FOUND", "The requested URL was not found");
            return;
        }
        String model = path.group(4);
        String method = path.group(5);
        String problem = null;
        int status = 400;
        String code = "INVALID_ARGUMENT";
        FakeGoogleTokenServer.Verdict verdict = tokens.verdict(bearer);
        if (bearer == null || verdict != FakeGoogleTokenServer.Verdict.VALID || rejectAllTokens) {
            status = 401;
            code = "UNAUTHENTICATED";
            problem = "Request had invalid authentication credentials (" + (bearer == null ? "no bearer token"
                    : rejectAllTokens ? "refused by the test" : verdict) + "). Expected OAuth 2 access token.";
        } else if (!"POST".equals(request.method())) {
            status = 404;
            code = "NOT_FOUND";
            problem = "method " + request.method();
        } else if (!project.equals(path.group(1)) || !region.equals(path.group(2))) {
            status = 404;
            code = "NOT_FOUND";
            problem = "Project " + path.group(1) + " / location " + path.group(2) + " not found";
        } else if ("anthropic".equals(path.group(3))) {
            problem = anthropicProblem(method, body);
        } else if ("google".equals(path.group(3))) {
            problem = geminiProblem(method, exchange.getRequestURI().getRawQuery(), body);
        } else {
            status = 404;
            code = "NOT_FOUND";
            problem = "Publisher " + path.group(3) + " not served by this fake";
        }
        if (problem != null) {
            reject(exchange, request, model, method, bearer, body, status, code, problem);
            return;
        }
        requests.add(new VertexRequest(request.path(), model, method, bearer, body, null));
        if ("google".equals(path.group(3))) {
            boolean stream = "streamGenerateContent".equals(method);
            forward(exchange, HttpRequest.newBuilder(URI.create(geminiUrl + "/v1beta/models/" + model + ":"
                    + method + (stream ? "?alt=sse" : ""))).header("x-goog-api-key", geminiKey), request.body());
            return;
        }
        ObjectNode messages = ((ObjectNode) body).deepCopy();
        messages.remove("anthropic_version");
        messages.put("model", model);
        forward(exchange, HttpRequest.newBuilder(URI.create(anthropicUrl + "/v1/messages"))
                .header("anthropic-version", "2023-06-01").header("x-api-key", anthropicKey), messages.toString());
    }

    private static String geminiProblem(String method, String query, JsonNode body) {
        if (!"generateContent".equals(method) && !"streamGenerateContent".equals(method)) {
            return "Method " + method + " is not generateContent or streamGenerateContent";
        }
        if ("streamGenerateContent".equals(method) && !"alt=sse".equals(query)) {
            return "streamGenerateContent without alt=sse answers a JSON array, not the SSE the gateway reads";
        }
        if (body == null || !body.isObject()) {
            return "Invalid JSON payload received.";
        }
        return null;
    }

    private static String anthropicProblem(String method, JsonNode body) {
        if (!"rawPredict".equals(method) && !"streamRawPredict".equals(method)) {
            return "Method " + method + " is not rawPredict or streamRawPredict";
        }
        if (body == null || !body.isObject()) {
            return "Invalid JSON payload received.";
        }
        if (body.has("model")) {
            return "model: Extra inputs are not permitted";
        }
        if (!body.has("anthropic_version")) {
            return "anthropic_version: Field required";
        }
        if (!VERTEX_VERSION.equals(body.path("anthropic_version").asText())) {
            return "anthropic_version: Input should be '" + VERTEX_VERSION + "'";
        }
        boolean stream = body.path("stream").asBoolean(false);
        if (stream != "streamRawPredict".equals(method)) {
            return "stream " + stream + " does not match " + method;
        }
        return null;
    }

    /** Sends the body to the model's strict fake and copies its answer back as it arrives. */
    private void forward(HttpExchange exchange, HttpRequest.Builder request, String body) throws IOException {
        HttpRequest upstream = request.header("content-type", "application/json").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(upstream, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        answer.headers().firstValue("content-type").ifPresent(t -> exchange.getResponseHeaders().set("content-type", t));
        answer.headers().firstValue("retry-after").ifPresent(t -> exchange.getResponseHeaders().set("retry-after", t));
        exchange.sendResponseHeaders(answer.statusCode(), 0);
        try (InputStream in = answer.body()) {
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    private void reject(HttpExchange exchange, Received request, String model, String method, String bearer,
                        JsonNode body, int status, String code, String message) throws IOException {
        requests.add(new VertexRequest(request.path(), model, method, bearer, body, status + " " + message));
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("code", status).put("message", message).put("status", code);
        respond(exchange, status, "application/json", Map.of(), error.toString());
    }

    private static JsonNode parse(String raw) {
        try {
            return raw == null || raw.isBlank() ? null : JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }
}
