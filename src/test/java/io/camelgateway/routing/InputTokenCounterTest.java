package io.camelgateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class InputTokenCounterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Encoding O200K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private final InputTokenCounter counter = new InputTokenCounter(10_000);

    static int jtokkit(String text) {
        return O200K.countTokensOrdinary(text);
    }

    static ObjectNode capture(String name) throws Exception {
        try (InputStream in = InputTokenCounterTest.class.getResourceAsStream("/codex-captures/" + name)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    @Test
    void plainInputStringMatchesJtokkit() throws Exception {
        String text = "Refactor the payment module so that retries use exponential backoff.";
        ObjectNode body = (ObjectNode) JSON.readTree(JSON.writeValueAsString(java.util.Map.of("input", text)));
        assertEquals(jtokkit(text), counter.count(RecentToolsTest.facts("responses", body, 3)));
    }

    @Test
    void itemsCountTheirTextNotTheirIds() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"instructions":"Be brief.","input":[
                  {"type":"message","role":"user","id":"msg_1","content":[{"type":"input_text","text":"List the files."}]},
                  {"type":"function_call","id":"fc_1","call_id":"call_1","name":"exec_command","arguments":"{\\"cmd\\":\\"ls\\"}"},
                  {"type":"function_call_output","call_id":"call_1","output":"a.txt\\nb.txt"},
                  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Listing."}],"encrypted_content":"gAAAAB-opaque"}
                ]}""");
        int expected = jtokkit("Be brief.") + jtokkit("List the files.") + jtokkit("exec_command\n{\"cmd\":\"ls\"}")
                + jtokkit("a.txt\nb.txt") + jtokkit("Listing.");
        assertEquals(expected, counter.count(RecentToolsTest.facts("responses", body, 3)));
    }

    @Test
    void toolsCountNameDescriptionAndSchema() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"input":"hi","tools":[{"type":"function","name":"exec_command","description":"Runs a command.",
                  "strict":false,"parameters":{"type":"object","properties":{"cmd":{"type":"string"}}}}]}""");
        String schema = "{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}}}";
        assertEquals(jtokkit("hi") + jtokkit("exec_command\nRuns a command.\n" + schema), counter.count(RecentToolsTest.facts("responses", body, 3)));

        ObjectNode chat = (ObjectNode) JSON.readTree("""
                {"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"exec_command",
                  "description":"Runs a command.","parameters":{"type":"object","properties":{"cmd":{"type":"string"}}}}}]}""");
        assertEquals(counter.count(RecentToolsTest.facts("responses", body, 3)), counter.count(RecentToolsTest.facts("chat", chat, 3)), "same content, same count on both APIs");
    }

    @Test
    void imagesCountAsAFixedEstimate() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"What is this?"},
                  {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII="}]}]}""");
        assertEquals(jtokkit("What is this?") + TokenText.IMAGE_TOKENS, counter.count(RecentToolsTest.facts("responses", body, 3)));
    }

    @Test
    void codexTurnOneIsAboutTenThousandTokensAndCloseToTheRawTextCount() throws Exception {
        ObjectNode turn1 = capture("turn1-request-body.json");
        int counted = counter.count(RecentToolsTest.facts("responses", turn1, 3));
        int wholeBody = jtokkit(JSON.writeValueAsString(turn1));
        System.out.printf("turn-1 capture: counted %d tokens, whole JSON body %d tokens%n", counted, wholeBody);
        assertTrue(counted > 5_000 && counted < wholeBody, counted + " vs " + wholeBody);
        assertTrue(counted > wholeBody * 0.7, "content should be most of the body: " + counted + " vs " + wholeBody);
    }

    @Test
    void aRepeatedTurnTokenisesOnlyTheNewItems() throws Exception {
        ObjectNode turn = capture("apply-patch-turn2-request-body.json");
        int first = counter.count(RecentToolsTest.facts("responses", turn, 3));
        long afterFirst = counter.tokenisations();
        assertEquals(first, counter.count(RecentToolsTest.facts("responses", turn, 3)));
        assertEquals(afterFirst, counter.tokenisations(), "nothing new: nothing tokenised");

        ObjectNode next = turn.deepCopy();
        ((ArrayNode) next.get("input")).addObject().put("type", "message").put("role", "user").put("content", "Now add tests.");
        int grown = counter.count(RecentToolsTest.facts("responses", next, 3));
        assertEquals(first + jtokkit("Now add tests."), grown);
        assertEquals(afterFirst + 1, counter.tokenisations(), "only the new item was tokenised");
    }
}
