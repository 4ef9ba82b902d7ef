package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Small JSON and log helpers shared by the end-to-end tests. */
final class E2eJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private E2eJson() {
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /**
     * The gateway logs only failures it did not expect (at ERROR, with a stack trace) — those are the ones that become
     * 5xx answers without a provider being at fault. None may appear in a run that should succeed.
     */
    static void assertNoServerErrors(String gatewayLog) {
        List<String> bad = gatewayLog.lines()
                .filter(l -> l.contains(" ERROR ") || l.contains("unexpected failure") || l.startsWith("Exception")
                        || l.contains("\tat io.camelgateway."))
                .toList();
        assertEquals(List.of(), bad, "gateway log shows server errors:\n" + gatewayLog);
    }
}
