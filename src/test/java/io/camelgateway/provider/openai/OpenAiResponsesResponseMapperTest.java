package io.camelgateway.provider.openai;

import static io.camelgateway.provider.openai.ResponsesTestSupport.context;
import static io.camelgateway.provider.openai.ResponsesTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.provider.TurnContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiResponsesResponseMapperTest {

    private static final OpenAiResponsesResponseMapper MAPPER = new OpenAiResponsesResponseMapper();

    private static TurnContext toolsContext() {
        return context(request(List.of(Message.text(Role.USER, "q")), List.of(
                new ToolSpec.Function("weather", null, null, null), new ToolSpec.Custom("apply_patch", null, null))));
    }

    private static TurnResponse map(String body) {
        return MAPPER.map(body.getBytes(StandardCharsets.UTF_8), toolsContext());
    }

    @Test
    void reasoningTextAndCallsWithUsage() {
        TurnResponse response = map("{\"id\":\"resp_9\",\"object\":\"response\",\"created_at\":1782321745,"
                + "\"status\":\"completed\",\"output\":["
                + "{\"id\":\"rs_1\",\"type\":\"reasoning\",\"encrypted_content\":\"gAAAAx\",\"summary\":"
                + "[{\"type\":\"summary_text\",\"text\":\"Thinking.\"}]},"
                + "{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"output_text\",\"text\":\"Checking.\",\"annotations\":[]}]},"
                + "{\"id\":\"ws_1\",\"type\":\"web_search_call\",\"status\":\"completed\"},"
                + "{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"completed\",\"call_id\":\"call_1\","
                + "\"name\":\"weather\",\"arguments\":\"{\\\"location\\\":\\\"Rome\\\"}\"},"
                + "{\"id\":\"ctc_1\",\"type\":\"custom_tool_call\",\"status\":\"completed\",\"call_id\":\"call_2\","
                + "\"name\":\"apply_patch\",\"input\":\"*** Begin Patch\\n\\\"x\\\"\\n*** End Patch\"}],"
                + "\"usage\":{\"input_tokens\":100,\"input_tokens_details\":{\"cached_tokens\":40},\"output_tokens\":50,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":20},\"total_tokens\":150}}");

        assertEquals("resp_9", response.id());
        assertEquals(1782321745L, response.createdAt());
        assertEquals(StopReason.COMPLETED, response.stopReason());
        assertNull(response.error());
        assertEquals(new Usage(100, 40, 0, 50, 20), response.usage());
        assertEquals(4, response.output().size(), "the hosted web search call is left out");
        Reasoning reasoning = assertInstanceOf(Reasoning.class, response.output().get(0));
        assertEquals(List.of("Thinking."), reasoning.summary());
        assertEquals("gAAAAx", reasoning.encryptedContent());
        assertEquals("Checking.", assertInstanceOf(Message.class, response.output().get(1)).joinedText());
        FunctionCall call = assertInstanceOf(FunctionCall.class, response.output().get(2));
        assertEquals("call_1", call.callId());
        assertEquals("weather", call.name());
        assertEquals("{\"location\":\"Rome\"}", call.arguments());
        CustomToolCall patch = assertInstanceOf(CustomToolCall.class, response.output().get(3));
        assertEquals("call_2", patch.callId());
        assertEquals("*** Begin Patch\n\"x\"\n*** End Patch", patch.input());
        assertTrue(response.hasToolCalls());
    }

    @Test
    void incompleteAndReasoningText() {
        TurnResponse cut = map("{\"id\":\"resp_1\",\"status\":\"incomplete\",\"incomplete_details\":"
                + "{\"reason\":\"max_output_tokens\"},\"output\":[{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[],"
                + "\"content\":[{\"type\":\"reasoning_text\",\"text\":\"raw thought\"}]}],\"usage\":{\"input_tokens\":5,"
                + "\"output_tokens\":16}}");
        assertEquals(StopReason.MAX_OUTPUT_TOKENS, cut.stopReason());
        Reasoning reasoning = (Reasoning) cut.output().get(0);
        assertEquals(List.of("raw thought"), reasoning.summary());
        assertTrue(reasoning.content().isEmpty());

        TurnResponse filtered = map("{\"id\":\"resp_1\",\"status\":\"incomplete\",\"incomplete_details\":"
                + "{\"reason\":\"content_filter\"},\"output\":[]}");
        assertEquals(StopReason.CONTENT_FILTER, filtered.stopReason());
        assertEquals(Usage.ZERO, filtered.usage());
    }

    @Test
    void aFailedResponseIsAnError() {
        TurnResponse failed = map("{\"id\":\"resp_1\",\"status\":\"failed\",\"error\":{\"code\":\"rate_limit_exceeded\","
                + "\"message\":\"Slow down\"},\"output\":[]}");
        assertEquals("failed", failed.status());
        assertEquals(429, failed.error().status());
        assertEquals("openai: Slow down", failed.error().message());
    }

    @Test
    void unreadableBodiesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> map("<html>oops</html>"));
        assertThrows(IllegalArgumentException.class, () -> map("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> map("{\"status\":\"completed\",\"output\":["
                + "{\"type\":\"function_call\",\"name\":\"weather\"}]}"));
    }
}
