package io.camelgateway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.conformance.MatrixClient.Answer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.TestRunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/**
 * The Codex conformance matrix: every scenario Codex CLI 0.169 depends on, against every provider codec's strict
 * fake upstream ({@link ConformanceUpstreams}), streamed and whole, through one gateway process. Each cell sends
 * Codex-shaped requests (built from real Codex bodies), checks what Codex would see and that the upstream rejected
 * nothing. The matrix is written to {@code target/conformance-matrix.md} and the test report; a failing cell fails.
 */
@Timeout(600)
class CodexConformanceMatrixTest {

    private static List<ConformanceUpstream> upstreams;
    private static GatewayProcess gateway;
    private static MatrixClient client;
    private static final MatrixReport REPORT = new MatrixReport();

    @BeforeAll
    static void start() throws Exception {
        upstreams = ConformanceUpstreams.startAll();
        Path work = Files.createTempDirectory(Files.createDirectories(TestRunRecord.dir().resolve("gateways")),
                "matrix-");
        Path routes = Files.createDirectories(work.resolve("routes"));
        GatewayProcess.Builder builder = GatewayProcess.builder().workDir(work)
                // the matrix shows each provider's own answer: no retries, no breaker between scenarios
                .property("gateway.retry.max-retries", "0")
                .property("gateway.breaker.minimum-calls", "100000");
        for (ConformanceUpstream upstream : upstreams) {
            for (Map.Entry<String, String> file : upstream.routeFiles().entrySet()) {
                Files.writeString(routes.resolve(file.getKey()), file.getValue());
            }
            upstream.gatewayProperties().forEach(builder::property);
            upstream.gatewayEnvironment().forEach(builder::env);
        }
        gateway = builder.noWait().start();
        gateway.awaitReady(Duration.ofSeconds(120));
        client = new MatrixClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop(TestReporter reporter) throws Exception {
        if (upstreams != null && !upstreams.isEmpty()) {
            String table = REPORT.markdown(upstreams.stream().map(ConformanceUpstream::name).toList());
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "conformance-matrix.md"), table);
            System.out.println(table);
            reporter.publishEntry("conformance-matrix", table);
        }
        if (gateway != null) {
            gateway.close();
        }
        if (upstreams != null) {
            upstreams.forEach(ConformanceUpstream::close);
        }
    }

    @TestFactory
    Stream<DynamicNode> matrix() {
        List<DynamicNode> rows = new ArrayList<>();
        for (MatrixScenarios.Scenario scenario : MatrixScenarios.all()) {
            List<DynamicNode> cells = new ArrayList<>();
            for (ConformanceUpstream upstream : upstreams) {
                for (boolean stream : new boolean[] {true, false}) {
                    String mode = stream ? "stream" : "whole";
                    cells.add(DynamicTest.dynamicTest(upstream.name() + " (" + mode + ")", () -> {
                        boolean passed = false;
                        try {
                            upstreams.forEach(ConformanceUpstream::reset);
                            scenario.body().run(new Cell(upstream, stream, client, upstreams, gateway));
                            assertTrue(upstream.rejections().isEmpty(),
                                    upstream.name() + " rejected a request: " + upstream.rejections());
                            passed = true;
                        } finally {
                            REPORT.record(scenario.title(), upstream.name(), mode, passed);
                        }
                    }));
                }
            }
            rows.add(DynamicContainer.dynamicContainer(scenario.title(), cells));
        }
        return rows.stream();
    }

    /** One cell of the matrix: a provider, streamed or whole. */
    record Cell(ConformanceUpstream upstream, boolean stream, MatrixClient client, List<ConformanceUpstream> all,
                GatewayProcess gateway) {

        ObjectNode turn(String prompt) {
            return CodexRequests.turn(upstream.model(), stream, prompt);
        }

        Answer send(ObjectNode body) throws Exception {
            return client.send(body);
        }

        /** Sends and checks the answer completed normally (a well-formed stream, or a completed body). */
        Answer complete(ObjectNode body) throws Exception {
            Answer answer = client.send(body);
            assertEquals(200, answer.status(), answer + "\n" + upstream.rejections());
            if (stream) {
                StreamChecks.check(answer);
                assertEquals("response.completed", answer.terminal(), answer.toString());
            } else {
                assertEquals("completed", answer.body().path("status").asText(), answer.toString());
            }
            return answer;
        }

        /** The raw JSON of the upstream's {@code n}th request since the reset. */
        String upstreamRequest(int n) {
            List<JsonNode> requests = upstream.requests();
            assertTrue(requests.size() > n, "the upstream received " + requests.size() + " requests");
            return requests.get(n).toString();
        }

        ConformanceUpstream other() {
            String wanted = upstream.name().equals("openai") ? "anthropic" : "openai";
            return all.stream().filter(u -> u.name().equals(wanted)).findFirst().orElseThrow();
        }

        static ArrayNode input(ObjectNode body) {
            return (ArrayNode) body.get("input");
        }

        static int count(String haystack, String needle) {
            int count = 0;
            for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length())) {
                count++;
            }
            return count;
        }

        static void assertNoFunctionCallFor(Answer answer, String name) {
            assertFalse(answer.items("function_call").stream().anyMatch(i -> name.equals(i.path("name").asText())),
                    name + " must not come back as a function_call: " + answer);
        }
    }
}
