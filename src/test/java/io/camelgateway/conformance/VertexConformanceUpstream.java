package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeGoogleTokenServer;
import io.camelgateway.fakes.FakeVertexServer;
import io.camelgateway.fakes.GoogleServiceAccount;
import io.camelgateway.testing.TestRunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Vertex AI column: the publisher's own conformance upstream (its strict fake renders the scripted turns) behind
 * a strict fake Vertex, reached with a real service-account key file whose tokens a strict fake token endpoint
 * issues. All Vertex columns share one Google identity, token endpoint and fake Vertex, as the gateway has one.
 */
class VertexConformanceUpstream implements ConformanceUpstream {

    static final String PROJECT = "matrix-project";
    static final String REGION = "us-east5";

    private static Shared shared;
    private static int users;

    /** The Google side every Vertex column shares. */
    private record Shared(FakeGoogleTokenServer google, FakeVertexServer vertex, Path keyFile) {
    }

    private final String name;
    private final String model;
    private final String publisher;
    private final ConformanceUpstream publisherUpstream;
    private final Shared google;
    private volatile int offset;

    /** {@code publisher}: the URL segment ({@code anthropic}, {@code google}) whose requests this column owns. */
    VertexConformanceUpstream(String name, String model, String publisher, ConformanceUpstream publisherUpstream) {
        this.name = name;
        this.model = model;
        this.publisher = publisher;
        this.publisherUpstream = publisherUpstream;
        this.google = acquire();
        this.offset = google.vertex().requests().size();
    }

    FakeVertexServer vertex() {
        return google.vertex();
    }

    private static synchronized Shared acquire() {
        if (shared == null) {
            GoogleServiceAccount account = GoogleServiceAccount.generate(PROJECT);
            FakeGoogleTokenServer tokens = FakeGoogleTokenServer.start(account);
            try {
                Path keyFile = account.writeKeyFile(TestRunRecord.dir().resolve("matrix-vertex-" + System.nanoTime()),
                        tokens.tokenUri());
                shared = new Shared(tokens, FakeVertexServer.start(tokens, PROJECT, REGION), keyFile);
            } catch (IOException e) {
                tokens.close();
                throw new UncheckedIOException(e);
            }
        }
        users++;
        return shared;
    }

    private static synchronized void release() {
        if (--users == 0) {
            shared.vertex().close();
            shared.google().close();
            shared = null;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Map<String, String> routeFiles() {
        return Map.of();
    }

    @Override
    public Map<String, String> gatewayProperties() {
        return Map.of();
    }

    /** The shipped vertex route, pointed at the fake Vertex with the generated key file (project from the file). */
    @Override
    public Map<String, String> gatewayEnvironment() {
        return Map.of("GOOGLE_APPLICATION_CREDENTIALS", google.keyFile().toString(), "CLOUD_ML_REGION", REGION,
                "VERTEX_BASE_URL", google.vertex().baseUrl());
    }

    @Override
    public void enqueue(ScriptedTurn turn) {
        publisherUpstream.enqueue(turn);
    }

    @Override
    public void enqueue(UpstreamFault fault) {
        publisherUpstream.enqueue(fault);
    }

    /** The bodies the gateway sent to Vertex for this publisher (as Vertex got them, before the publisher's fake). */
    @Override
    public List<JsonNode> requests() {
        return mine().stream().map(FakeVertexServer.VertexRequest::body).toList();
    }

    /** What Vertex refused (bad token, URL, body rules) and what the publisher's strict fake refused behind it. */
    @Override
    public List<String> rejections() {
        List<String> all = new ArrayList<>();
        for (FakeVertexServer.VertexRequest request : mine()) {
            if (request.rejection() != null) {
                all.add("vertex: " + request.rejection());
            }
        }
        all.addAll(publisherUpstream.rejections());
        return all;
    }

    private List<FakeVertexServer.VertexRequest> mine() {
        List<FakeVertexServer.VertexRequest> all = google.vertex().requests();
        return all.subList(Math.min(offset, all.size()), all.size()).stream()
                .filter(r -> r.path().contains("/publishers/" + publisher + "/")).toList();
    }

    @Override
    public void reset() {
        publisherUpstream.reset();
        offset = google.vertex().requests().size();
    }

    @Override
    public void sliceStreams(int bytes) {
        publisherUpstream.sliceStreams(bytes);
    }

    @Override
    public boolean signsReasoning() {
        return publisherUpstream.signsReasoning();
    }

    @Override
    public boolean reportsReasoningTokens() {
        return publisherUpstream.reportsReasoningTokens();
    }

    @Override
    public boolean keepsCallIds() {
        return publisherUpstream.keepsCallIds();
    }

    /** Vertex passes the publisher's body on unchanged, so the publisher's upstream reads its results. */
    @Override
    public List<ToolResult> toolResults(JsonNode request) {
        return publisherUpstream.toolResults(request);
    }

    @Override
    public void close() {
        publisherUpstream.close();
        release();
    }
}
