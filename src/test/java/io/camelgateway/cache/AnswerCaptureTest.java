package io.camelgateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.chat.ChatApiCodec;
import io.camelgateway.api.messages.MessagesApiCodec;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.api.responses.ResponsesApiCodec;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.http.SseParser;
import io.camelgateway.provider.AnswerCapture;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.openai.OpenAiCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The canonical answer the cache stores, captured beside the relay from the upstream stream or body, for a call
 * relaying the client's bytes (Responses client on OpenAI) and a translated one (chat client on OpenAI), and its
 * round trip through the stored form.
 */
class AnswerCaptureTest {

    private static final String ARGS = "{\"cmd\":\"ls\"}";
    private static final ResponsesAnswer ANSWER = new ResponsesAnswer().reasoning("hm", "gAAAA-enc").text("hello")
            .functionCall("call_1", "exec_command", ARGS);

    private static ProviderCall call(ClientApiCodec api, String body) throws Exception {
        ProviderTarget target = new ProviderTarget("openai", "openai", "http://127.0.0.1:1/v1", "sk-x", "gpt-5-test",
                Map.of());
        return new OpenAiCodec().prepare(new ClientTurn(api, (ObjectNode) CacheHttp.JSON.readTree(body), Map.of()),
                target);
    }

    private static TurnResponse streamed(ProviderCall call) {
        AnswerCapture capture = call.answerCapture();
        assertNotNull(capture);
        SseParser parser = new SseParser(capture::onEvent);
        parser.feed(ANSWER.sse().getBytes(StandardCharsets.UTF_8));
        parser.end();
        return capture.end();
    }

    private static void check(TurnResponse response) throws Exception {
        assertNotNull(response);
        assertEquals(3, response.output().size(), response.toString());
        assertEquals("hello", ((Message) response.output().get(1)).joinedText());
        assertEquals(ARGS, ((FunctionCall) response.output().get(2)).arguments());
        CachedAnswer back = CachedAnswer.decode(CachedAnswer.encode("openai", response));
        assertEquals("openai", back.provider());
        assertEquals(ARGS, ((FunctionCall) back.response().output().get(2)).arguments());
        assertEquals(response.usage(), back.response().usage());
    }

    @Test
    void aRelayedResponsesStreamAndBodyAreCaptured() throws Exception {
        String body = "{\"model\":\"openai/gpt-5-test\",\"stream\":true,\"input\":\"hi\",\"tools\":[{\"type\":"
                + "\"function\",\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\"}}]}";
        check(streamed(call(new ResponsesApiCodec(), body)));
        check(call(new ResponsesApiCodec(), body).answerCapture().whole(ANSWER.json().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTranslatedTurnIsCaptured() throws Exception {
        // a Messages client on OpenAI: translated to Responses
        String body = "{\"model\":\"openai/gpt-5-test\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"hi\"}],\"tools\":[{\"name\":\"exec_command\",\"input_schema\":"
                + "{\"type\":\"object\"}}]}";
        check(streamed(call(new MessagesApiCodec(), body)));
        check(call(new MessagesApiCodec(), body).answerCapture().whole(ANSWER.json().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aChatClientRelayedToOpenAiIsReadAsChatCompletions() throws Exception {
        String body = "{\"model\":\"openai/gpt-5-test\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"exec_command\",\"parameters\":"
                + "{\"type\":\"object\"}}}]}";
        AnswerCapture capture = call(new ChatApiCodec(), body).answerCapture();
        SseParser parser = new SseParser(capture::onEvent);
        for (String data : FakeChatServer.stream().text("hel").text("lo").toolCall("exec_command", "{\"cmd\":", "\"ls\"}")
                .usage(42, 17).build()) {
            parser.feed(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        parser.end();
        TurnResponse response = capture.end();
        assertNotNull(response);
        assertEquals("hello", ((Message) response.output().get(0)).joinedText());
        assertEquals(ARGS, ((FunctionCall) response.output().get(1)).arguments());
        assertEquals(42, response.usage().inputTokens());
    }

    @Test
    void aCutStreamIsNotCaptured() throws Exception {
        String body = "{\"model\":\"openai/gpt-5-test\",\"stream\":true,\"input\":\"hi\"}";
        AnswerCapture capture = call(new ResponsesApiCodec(), body).answerCapture();
        String sse = ANSWER.sse();
        SseParser parser = new SseParser(capture::onEvent);
        parser.feed(sse.substring(0, sse.indexOf("response.completed")).getBytes(StandardCharsets.UTF_8));
        assertNull(capture.end());
    }
}
