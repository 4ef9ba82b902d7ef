package io.camelgateway.provider.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.json.Json;
import org.junit.jupiter.api.Test;

class AzureReasoningTest {

    private static final String AZURE_MADE = "gAAAAABazureMadeReasoning";
    private static final String OPENAI_MADE = "gAAAAABopenaiMadeReasoning";

    @Test
    void answersTagAzureReasoningAndLeaveEverythingElseAlone() throws Exception {
        String event = "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"id\":\"rs_1\","
                + "\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":\"" + AZURE_MADE + "\"}}";
        JsonNode tagged = Json.MAPPER.readTree(AzureReasoning.tagged(event));
        String content = tagged.at("/item/encrypted_content").asText();
        assertTrue(ReasoningEnvelope.isGatewayEnvelope(content), content);
        assertEquals(AZURE_MADE, ReasoningEnvelope.unwrap("azure", content).asText());
        assertEquals(content, Json.MAPPER.readTree(AzureReasoning.tagged(tagged.toString()))
                .at("/item/encrypted_content").asText(), "tagged once");

        String delta = "{\"type\":\"response.output_text.delta\",\"delta\":\"encrypted_content\"}";
        assertSame(delta, AzureReasoning.tagged(delta));
        String completed = "{\"type\":\"response.completed\",\"response\":{\"output\":[{\"type\":\"reasoning\","
                + "\"encrypted_content\":\"" + AZURE_MADE + "\"},{\"type\":\"function_call\",\"name\":\"exec\"}]}}";
        assertTrue(ReasoningEnvelope.isGatewayEnvelope(Json.MAPPER.readTree(AzureReasoning.tagged(completed))
                .at("/response/output/0/encrypted_content").asText()));
    }

    @Test
    void requestsKeepOnlyAzuresOwnReasoningUnwrapped() throws Exception {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree("{\"model\":\"m\",\"input\":["
                + "{\"type\":\"reasoning\",\"id\":\"rs_a\",\"summary\":[],\"encrypted_content\":\""
                + ReasoningEnvelope.wrap("azure", TextNode.valueOf(AZURE_MADE)) + "\"},"
                + "{\"type\":\"reasoning\",\"id\":\"rs_o\",\"summary\":[],\"encrypted_content\":\"" + OPENAI_MADE + "\"},"
                + "{\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":\""
                + ReasoningEnvelope.wrap("anthropic", Json.array()) + "\"},"
                + "{\"type\":\"reasoning\",\"id\":\"rs_stored\",\"summary\":[]},"
                + "{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"exec\",\"arguments\":\"{}\"}]}");
        String before = body.toString();
        ObjectNode sent = AzureReasoning.forAzure(body);
        assertEquals(before, body.toString(), "the client's body stays as it came, for fallbacks");
        assertEquals(3, sent.get("input").size(), sent.toString());
        assertEquals(AZURE_MADE, sent.at("/input/0/encrypted_content").asText());
        assertEquals("rs_stored", sent.at("/input/1/id").asText());
        assertEquals("function_call", sent.at("/input/2/type").asText());
        assertFalse(sent.toString().contains(OPENAI_MADE));
    }
}
