package io.camelgateway.api.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.openaichat.OpenAiChatCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRequestDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ChatRequestDecoder decoder = new ChatRequestDecoder();

    private static final String CHAT_REQUEST = """
            {"model":"qwen3-coder","stream":true,"stream_options":{"include_usage":true},
             "messages":[
              {"role":"system","content":"You are helpful."},
              {"role":"user","content":[{"type":"text","text":"What is in this image?"},
                 {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}]},
              {"role":"assistant","content":"Let me look.","tool_calls":[
                 {"id":"call_1","type":"function","function":{"name":"view","arguments":"{\\"path\\":\\"a.png\\"}"}},
                 {"id":"call_2","type":"function","function":{"name":"ls","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"a cat"},
              {"role":"tool","tool_call_id":"call_2","content":"a.png"},
              {"role":"assistant","content":"A cat."},
              {"role":"user","content":"Thanks"}],
             "tools":[{"type":"function","function":{"name":"view","description":"View","parameters":{"type":"object","properties":{"path":{"type":"string"}}}}},
                      {"type":"function","function":{"name":"ls","parameters":{"type":"object","properties":{}}}}],
             "tool_choice":{"type":"function","function":{"name":"view"}},
             "parallel_tool_calls":false,"max_tokens":256,"temperature":0.5,"top_p":0.8,"stop":["\\n\\n"],
             "user":"alice","response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object"},"strict":true}}}
            """;

    @Test
    void decodesAFullRequest() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(CHAT_REQUEST);
        TurnRequest turn = decoder.decode(body);
        assertEquals("qwen3-coder", turn.model());
        assertTrue(turn.stream());
        assertTrue(ChatRequestDecoder.includeUsage(body));
        assertEquals(Role.SYSTEM, ((Message) turn.input().get(0)).role());
        Message user = (Message) turn.input().get(1);
        assertEquals(new ContentPart.Image("https://example.com/a.png", "low"), user.content().get(1));
        assertEquals("Let me look.", ((Message) turn.input().get(2)).joinedText());
        assertEquals(new FunctionCall(null, "call_1", null, "view", "{\"path\":\"a.png\"}"), turn.input().get(3));
        assertEquals("a cat", ((FunctionCallOutput) turn.input().get(5)).output().asText());
        assertEquals(ToolChoice.named("view"), turn.toolChoice());
        assertEquals(256, turn.maxOutputTokens());
        assertEquals(List.of("\n\n"), turn.stop());
        assertEquals("json_schema", turn.textFormat().get("type").asText());
        assertEquals("r", turn.textFormat().get("name").asText());
        assertInstanceOf(ToolSpec.Function.class, turn.tools().get(0));
    }

    @Test
    void roundTripThroughTheProviderCodecKeepsPassthroughFields() throws Exception {
        ObjectNode original = (ObjectNode) JSON.readTree(CHAT_REQUEST);
        TurnRequest turn = decoder.decode(original);
        TurnContext context = new TurnContext(turn, new ProviderTarget("vllm", "openai-chat", "http://x/v1", "k",
                "qwen3-coder", Map.of()), ToolNameMap.forRequest(turn, ToolNameRules.OPENAI));
        JsonNode upstream = JSON.readTree(new OpenAiChatCodec().encodeRequest(context).body());
        for (String field : List.of("model", "messages", "tools", "tool_choice", "parallel_tool_calls", "max_tokens",
                "temperature", "top_p", "stop", "user", "stream", "stream_options", "response_format")) {
            assertEquals(original.get(field), upstream.get(field), field);
        }
    }

    @Test
    void legacyFunctionRoleAndStopStringAreTolerated() throws Exception {
        TurnRequest turn = decoder.decode((ObjectNode) JSON.readTree("""
                {"model":"m","stop":"END","max_completion_tokens":9,"messages":[
                 {"role":"user","content":"hi"},
                 {"role":"assistant","content":null,"function_call":{"name":"f","arguments":"{}"}},
                 {"role":"function","name":"f","content":"ok"}]}"""));
        FunctionCall call = (FunctionCall) turn.input().get(1);
        assertEquals(call.callId(), ((FunctionCallOutput) turn.input().get(2)).callId());
        assertEquals(List.of("END"), turn.stop());
        assertEquals(9, turn.maxOutputTokens());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model",
            "{\"model\":\" \",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model",
            "{\"model\":\"m\"}|messages",
            "{\"model\":\"m\",\"messages\":[]}|messages",
            "{\"model\":\"m\",\"messages\":{}}|messages",
            "{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}|messages[0].role",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}|messages[0].role",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"},{\"role\":\"user\",\"content\":5}]}|messages[2].content",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}|messages[0].tool_call_id",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}|temperature",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":-1}|max_tokens",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{}}]}|tools[0].function.name",
    })
    void validationErrorsNameTheField(String json, String param) throws Exception {
        RequestValidationException e = assertThrows(RequestValidationException.class,
                () -> decoder.decode((ObjectNode) JSON.readTree(json)));
        assertEquals(param, e.error().param());
        assertEquals(400, e.error().status());
        assertTrue(e.getMessage().startsWith(param), e.getMessage());
    }

    @Test
    void contentTypeErrorMessageIsExplicit() throws Exception {
        RequestValidationException e = assertThrows(RequestValidationException.class, () -> decoder.decode(
                (ObjectNode) JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                        + "{\"role\":\"user\",\"content\":\"b\"},{\"role\":\"user\",\"content\":5}]}")));
        assertEquals("messages[2].content must be a string or an array", e.getMessage());
    }
}
