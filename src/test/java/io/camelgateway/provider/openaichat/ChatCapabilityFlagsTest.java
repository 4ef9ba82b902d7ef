package io.camelgateway.provider.openaichat;

import static io.camelgateway.provider.openaichat.ChatTestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each capability flag of an OpenAI-compatible chat route, with and without it: the request changes. */
class ChatCapabilityFlagsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolSpec READ = new ToolSpec.Function("read", "reads", JSON.createObjectNode()
            .put("type", "object"), true);
    private final OpenAiChatCodec codec = new OpenAiChatCodec();

    private JsonNode body(TurnRequest request, Map<String, String> options) throws Exception {
        return JSON.readTree(codec.encodeRequest(context(request, options)).body());
    }

    private static TurnRequest request(List<Item> input, ToolChoice choice, Boolean parallel, JsonNode format) {
        return new TurnRequest("vllm/qwen3-coder", null, input, List.of(READ), choice, parallel, null, null, null,
                null, null, format, false, null, null);
    }

    private static List<Item> parallelHistory() {
        return List.of(Message.text(Role.USER, "read a and b"),
                new FunctionCall(null, "call_a", null, "read", "{\"f\":\"a\"}"),
                new FunctionCall(null, "call_b", null, "read", "{\"f\":\"b\"}"),
                new FunctionCallOutput("call_a", ToolOutput.ofText("A")),
                new FunctionCallOutput("call_b", ToolOutput.ofText("B")));
    }

    @Test
    void parallelToolCallsFalseSerialisesHistoryAndAsksForOneCallAtATime() throws Exception {
        JsonNode plain = body(request(parallelHistory(), null, true, null), Map.of());
        assertTrue(plain.path("parallel_tool_calls").asBoolean());
        assertEquals(List.of("user", "assistant", "tool", "tool"), roles(plain));
        assertEquals(2, plain.at("/messages/1/tool_calls").size());

        JsonNode serial = body(request(parallelHistory(), null, true, null), Map.of("parallel-tool-calls", "false"));
        assertFalse(serial.path("parallel_tool_calls").asBoolean(true), serial.toString());
        assertEquals(List.of("user", "assistant", "tool", "assistant", "tool"), roles(serial));
        assertEquals("call_a", serial.at("/messages/1/tool_calls/0/id").asText());
        assertEquals(1, serial.at("/messages/1/tool_calls").size());
        assertEquals("call_a", serial.at("/messages/2/tool_call_id").asText());
        assertEquals("call_b", serial.at("/messages/3/tool_calls/0/id").asText());
        assertEquals("B", serial.at("/messages/4/content").asText());
    }

    @Test
    void imagesFalseRefusesAUserImageBeforeGoingUpstreamAndNotesAToolImage() throws Exception {
        Message withImage = new Message(null, Role.USER, List.of(ContentPart.text("what is this"),
                new ContentPart.Image("data:image/png;base64,iVBORw0KGgo=", null)));
        JsonNode sent = body(request(List.of(withImage), null, null, null), Map.of());
        assertEquals("image_url", sent.at("/messages/0/content/1/type").asText());

        GatewayException refused = assertThrows(GatewayException.class,
                () -> body(request(List.of(withImage), null, null, null), Map.of("images", "false")));
        assertEquals(400, refused.error().status());
        assertEquals("unsupported_content", refused.error().code());

        List<Item> toolImage = List.of(Message.text(Role.USER, "look"),
                new FunctionCall(null, "call_v", null, "read", "{}"),
                new FunctionCallOutput("call_v", ToolOutput.ofParts(List.of(
                        new ContentPart.Image("data:image/png;base64,iVBORw0KGgo=", null)))));
        JsonNode noted = body(request(toolImage, null, null, null), Map.of("images", "false"));
        assertFalse(noted.toString().contains("image_url"), noted.toString());
        assertEquals(ChatCapabilityRules.IMAGE_LEFT_OUT, noted.at("/messages/2/content").asText());
        assertTrue(body(request(toolImage, null, null, null), Map.of()).toString().contains("image_url"));
    }

    @Test
    void reasoningFieldSendsTheCurrentToolLoopsReasoningBackOnItsAssistantMessage() throws Exception {
        List<Item> input = List.of(Message.text(Role.USER, "first"),
                new Reasoning(null, List.of("old thought"), List.of(), null),
                Message.text(Role.ASSISTANT, "first answer"),
                Message.text(Role.USER, "second"),
                new Reasoning(null, List.of("plan: read a"), List.of(), null),
                new FunctionCall(null, "call_a", null, "read", "{}"),
                new FunctionCallOutput("call_a", ToolOutput.ofText("A")),
                new Reasoning(null, List.of("foreign"), List.of(), "signed-by-another-provider"));
        JsonNode plain = body(request(input, null, null, null), Map.of());
        assertFalse(plain.toString().contains("reasoning_content"), plain.toString());

        JsonNode back = body(request(input, null, null, null), Map.of("reasoning-field", "reasoning_content"));
        assertFalse(back.at("/messages/1").has("reasoning_content"), "reasoning of an earlier turn is dropped");
        assertEquals("plan: read a", back.at("/messages/3/reasoning_content").asText(), back.toString());
        assertEquals("call_a", back.at("/messages/3/tool_calls/0/id").asText());
        assertFalse(back.toString().contains("foreign"), "signed reasoning of another provider is not sent");
    }

    @Test
    void toolChoiceRequiredFalseSendsAuto() throws Exception {
        List<Item> input = List.<Item>of(Message.text(Role.USER, "go"));
        assertEquals("required", body(request(input, ToolChoice.REQUIRED, null, null), Map.of())
                .path("tool_choice").asText());
        assertEquals("auto", body(request(input, ToolChoice.REQUIRED, null, null),
                Map.of("tool-choice-required", "false")).path("tool_choice").asText());
    }

    @Test
    void strictSchemasFalseLeavesStrictOut() throws Exception {
        List<Item> input = List.<Item>of(Message.text(Role.USER, "go"));
        JsonNode format = JSON.createObjectNode().put("type", "json_schema").put("name", "answer").put("strict", true)
                .set("schema", JSON.createObjectNode().put("type", "object"));
        JsonNode strict = body(request(input, null, null, format), Map.of());
        assertTrue(strict.at("/tools/0/function/strict").asBoolean());
        assertTrue(strict.at("/response_format/json_schema/strict").asBoolean());

        JsonNode loose = body(request(input, null, null, format), Map.of("strict-schemas", "false"));
        assertFalse(loose.at("/tools/0/function").has("strict"), loose.toString());
        assertFalse(loose.at("/response_format/json_schema").has("strict"), loose.toString());

        JsonNode jsonObject = JSON.createObjectNode().put("type", "json_object");
        assertEquals("json_object", body(request(input, null, null, jsonObject), Map.of("strict-schemas", "false"))
                .at("/response_format/type").asText());
    }

    @Test
    void aFlagMakesEvenAChatClientGoThroughTranslation() {
        assertFalse(io.camelgateway.provider.ProviderOptions.of(Map.of()).chat().restrictsTranslation());
        assertTrue(io.camelgateway.provider.ProviderOptions.of(Map.of("images", "false")).chat().restrictsTranslation());
        assertThrows(io.camelgateway.provider.ProviderOptions.InvalidOption.class,
                () -> io.camelgateway.provider.ProviderOptions.of(Map.of("reasoning-field", "thoughts")));
    }

    private static List<String> roles(JsonNode body) {
        return java.util.stream.StreamSupport.stream(body.path("messages").spliterator(), false)
                .map(m -> m.path("role").asText()).toList();
    }
}
