package io.camelgateway.provider.gemini;

import static io.camelgateway.provider.gemini.GeminiFixtures.req;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.fakes.FakeGeminiServer;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamAnswerRefused;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiResponseMapperTest {

    private static final GeminiResponseMapper MAPPER = new GeminiResponseMapper("gemini");
    private static final TurnContext CONTEXT = req().context();

    private static TurnResponse map(FakeGeminiServer.Answer answer) {
        return MAPPER.map(answer.json().getBytes(StandardCharsets.UTF_8), CONTEXT);
    }

    @Test
    void aWholeAnswerGivesTheSameItemsAsItsStream() {
        FakeGeminiServer.Answer answer = FakeGeminiServer.answer().thought("Consider.").text("Calling now.")
                .call("exec_command", "{\"cmd\":\"ls\"}", "sig-whole").usage(70, 10, 9, 4);
        TurnResponse whole = map(answer);
        TurnResponse streamed = GeminiRequestMapperTest.answer(answer.sse(), CONTEXT);
        assertEquals(StopReason.COMPLETED, whole.stopReason());
        assertEquals(new Usage(70, 10, 0, 13, 4), whole.usage());
        assertEquals(streamed.usage(), whole.usage());
        assertEquals(streamed.output().stream().map(i -> i.getClass().getSimpleName()).toList(),
                whole.output().stream().map(i -> i.getClass().getSimpleName()).toList());
        assertEquals(List.of("Consider."), assertInstanceOf(Reasoning.class, whole.output().get(0)).summary());
        assertEquals("Calling now.", assertInstanceOf(Message.class, whole.output().get(1)).joinedText());
        Reasoning signature = assertInstanceOf(Reasoning.class, whole.output().get(2));
        FunctionCall call = assertInstanceOf(FunctionCall.class, whole.output().get(3));
        assertEquals(call.callId(), GeminiSignatures.unwrap("gemini", signature.encryptedContent()).get(0).callId());
    }

    @Test
    void maxTokensIsIncomplete() {
        assertEquals(StopReason.MAX_OUTPUT_TOKENS, map(FakeGeminiServer.answer().text("Cut").finish("MAX_TOKENS")).stopReason());
    }

    @Test
    void blockedAnswersAreThrownWithTheirStatus() {
        UpstreamAnswerRefused prompt = assertThrows(UpstreamAnswerRefused.class,
                () -> map(FakeGeminiServer.answer().blocked("SAFETY")));
        assertEquals(400, prompt.error().status());
        assertTrue(prompt.error().message().contains("SAFETY"));
        UpstreamAnswerRefused recitation = assertThrows(UpstreamAnswerRefused.class,
                () -> map(FakeGeminiServer.answer().text("Quoted").finish("RECITATION")));
        assertEquals("content_filter", recitation.error().code());
        UpstreamAnswerRefused malformed = assertThrows(UpstreamAnswerRefused.class,
                () -> map(FakeGeminiServer.answer().finish("MALFORMED_FUNCTION_CALL")));
        assertTrue(malformed.error().isRetryable());
    }

    @Test
    void notJsonIsAnUnreadableAnswer() {
        assertThrows(IllegalArgumentException.class, () -> MAPPER.map("<html>".getBytes(StandardCharsets.UTF_8), CONTEXT));
    }
}
