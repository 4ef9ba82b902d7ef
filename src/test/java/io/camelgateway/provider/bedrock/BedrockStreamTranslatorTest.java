package io.camelgateway.provider.bedrock;

import static io.camelgateway.provider.bedrock.BedrockFixtures.json;
import static io.camelgateway.provider.bedrock.BedrockFixtures.jsonl;
import static io.camelgateway.provider.bedrock.BedrockFixtures.req;
import static io.camelgateway.provider.bedrock.BedrockFixtures.terminal;
import static io.camelgateway.provider.bedrock.BedrockFixtures.translate;
import static io.camelgateway.provider.bedrock.BedrockFixtures.translateBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.fakes.FakeBedrockServer;
import io.camelgateway.http.SseEvent;
import io.camelgateway.provider.TurnContext;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ConverseStream → canonical stream: the recorded streams, and the stream shapes the recordings do not cover. */
class BedrockStreamTranslatorTest {

    private static Path vector(String name) throws Exception {
        return Path.of(BedrockStreamTranslatorTest.class.getResource("/vectors/bedrock/" + name).toURI());
    }

    @Test
    void theRecordedBinaryStreamBecomesTextThenAToolCall() throws Exception {
        TurnContext context = req().context();
        List<StreamEvent> events = translateBytes(context, Files.readAllBytes(vector("converse-stream-text-then-tool-use.eventstream")));
        TurnResponse response = terminal(events);
        assertInstanceOf(StreamEvent.Finished.class, events.get(events.size() - 1));
        assertEquals(StopReason.COMPLETED, response.stopReason());
        assertEquals(2, response.output().size(), response.output().toString());
        Message text = assertInstanceOf(Message.class, response.output().get(0));
        assertTrue(text.joinedText().startsWith("<thinking> To find the temperature"), text.joinedText());
        assertTrue(text.joinedText().endsWith("in Paris.</thinking>\n"), text.joinedText());
        FunctionCall call = assertInstanceOf(FunctionCall.class, response.output().get(1));
        assertEquals("tooluse_lAG_zP8QRHmSYOwZzzaCqA", call.callId());
        assertEquals("get_temperature", call.name());
        assertEquals(json("{\"city\":\"Paris\"}"), json(call.arguments()));
        assertEquals(new Usage(471, 0, 0, 91, 0), response.usage());
        // the call is final (done) before the turn ends, exactly once
        assertEquals(1, events.stream().filter(e -> e instanceof StreamEvent.ItemDone d && d.item() instanceof FunctionCall).count());
    }

    @Test
    void theBinaryAndJsonFormsOfTheRecordingTranslateAlike() throws Exception {
        TurnContext context = req().context();
        List<StreamEvent> binary = translateBytes(context, Files.readAllBytes(vector("converse-stream-text-then-tool-use.eventstream")));
        List<StreamEvent> lines = translate(context, jsonl(Files.readAllLines(vector("converse-stream-text-then-tool-use.jsonl"))));
        assertEquals(normalise(binary), normalise(lines));
    }

    @Test
    void theRecordedReasoningKeepsItsSignatureForTheNextTurn() throws Exception {
        List<StreamEvent> events = translate(req().context(),
                jsonl(Files.readAllLines(vector("converse-stream-reasoning-signature.jsonl"))));
        TurnResponse response = terminal(events);
        assertEquals(2, response.output().size(), response.output().toString());
        Reasoning reasoning = assertInstanceOf(Reasoning.class, response.output().get(0));
        String thought = "The user has greeted me with a simple \"Hello\". I should respond in a friendly and welcoming "
                + "manner. This is a straightforward greeting, so I'll respond warmly and ask how I can help them today.";
        assertEquals(List.of(thought), reasoning.summary());
        JsonNode blocks = ReasoningEnvelope.unwrap("bedrock", reasoning.encryptedContent());
        assertNotNull(blocks, reasoning.encryptedContent());
        assertEquals(1, blocks.size());
        JsonNode text = blocks.get(0).path("reasoningContent").path("reasoningText");
        assertEquals(thought, text.path("text").asText());
        assertTrue(text.path("signature").asText().startsWith("Eu0CCkgIBxABGAIqQJDccbDQkr81n7Q"), text.toString());
        assertTrue(text.path("signature").asText().endsWith("LMIm1o471iEYAQ=="), text.toString());
        assertNull(ReasoningEnvelope.unwrap("anthropic", reasoning.encryptedContent()), "only Bedrock may read it back");
        Message answer = assertInstanceOf(Message.class, response.output().get(1));
        assertEquals("Hello! It's nice to meet you. How can I help you today?", answer.joinedText());
        assertEquals(new Usage(36, 0, 0, 73, 0), response.usage());
    }

    @Test
    void redactedReasoningIsCarriedAsItCame() {
        FakeBedrockServer.Answer answer = FakeBedrockServer.answer().redacted("UkVEQUNURUQ=").reasoning("more", "sig-2")
                .text("ok").end();
        TurnResponse response = terminal(translateBytes(req().context(), bytes(FakeBedrockServer.frames(answer, true))));
        Reasoning reasoning = assertInstanceOf(Reasoning.class, response.output().get(0));
        JsonNode blocks = ReasoningEnvelope.unwrap("bedrock", reasoning.encryptedContent());
        assertEquals(json("[{\"reasoningContent\":{\"redactedContent\":\"UkVEQUNURUQ=\"}},"
                + "{\"reasoningContent\":{\"reasoningText\":{\"text\":\"more\",\"signature\":\"sig-2\"}}}]"), blocks);
        assertEquals(List.of("more"), reasoning.summary());
    }

    @Test
    void applyPatchComesBackAsACustomToolCall() {
        TurnContext context = req().tools(new ToolSpec.Custom("apply_patch", "Patch files", null)).context();
        String patch = "*** Begin Patch\n*** Add File: a.txt\n+é ü \"q\"\n*** End Patch";
        FakeBedrockServer.Answer answer = FakeBedrockServer.answer()
                .toolUse("tooluse_1", "apply_patch", BedrockFixtures.JSON.createObjectNode().put("input", patch).toString())
                .end();
        TurnResponse response = terminal(translateBytes(context, bytes(FakeBedrockServer.frames(answer, true))));
        CustomToolCall call = assertInstanceOf(CustomToolCall.class, response.output().get(0));
        assertEquals("apply_patch", call.name());
        assertEquals(patch, call.input());
        assertEquals("tooluse_1", call.callId());
    }

    @Test
    void maxTokensEndsIncompleteAndCacheTokensCount() {
        FakeBedrockServer.Answer answer = FakeBedrockServer.answer().text("cut").stopReason("max_tokens")
                .usage(100, 50, 30, 20).end();
        TurnResponse response = terminal(translateBytes(req().context(), bytes(FakeBedrockServer.frames(answer, true))));
        assertEquals(StopReason.MAX_OUTPUT_TOKENS, response.stopReason());
        assertEquals("incomplete", response.status());
        assertEquals(new Usage(150, 30, 20, 50, 0), response.usage());
    }

    @Test
    void aGuardrailIsAClearError() {
        FakeBedrockServer.Answer answer = FakeBedrockServer.answer().text("Sorry, blocked.")
                .stopReason("guardrail_intervened").end();
        TurnResponse response = terminal(translateBytes(req().context(), bytes(FakeBedrockServer.frames(answer, true))));
        assertEquals("failed", response.status());
        assertEquals("content_filter", response.error().code());
        assertTrue(response.error().message().contains("guardrail_intervened"), response.error().message());
    }

    @Test
    void anExceptionFrameMidStreamFailsTheTurn() {
        TurnContext context = req().context();
        List<SseEvent> events = new ArrayList<>(List.of(new SseEvent("messageStart", "{\"role\":\"assistant\"}"),
                new SseEvent("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}"),
                new SseEvent("modelStreamErrorException", "{\"message\":\"The model failed\",\"originalStatusCode\":500}")));
        List<StreamEvent> out = translate(context, events);
        TurnResponse response = terminal(out);
        assertInstanceOf(StreamEvent.Failed.class, out.get(out.size() - 1));
        assertEquals(502, response.error().status());
        assertTrue(response.error().message().contains("The model failed"), response.error().message());

        TurnResponse throttled = terminal(translate(context, List.of(new SseEvent("throttlingException",
                "{\"message\":\"Too many tokens\"}"))));
        assertEquals(429, throttled.error().status());
    }

    @Test
    void aStreamCutBeforeMessageStopFailsAndOneWithoutMetadataStillFinishes() {
        TurnContext context = req().context();
        FakeBedrockServer.Answer answer = FakeBedrockServer.answer().toolUse("t1", "shell", "{\"cmd\":\"ls\"}").end();
        List<StreamEvent> cut = translateBytes(context, bytes(FakeBedrockServer.frames(answer, false)));
        TurnResponse failed = terminal(cut);
        assertEquals("stream_interrupted", failed.error().code());

        List<StreamEvent> noMetadata = new ArrayList<>(translate(context, List.of(
                new SseEvent("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"hi\"}}"),
                new SseEvent("messageStop", "{\"stopReason\":\"end_turn\"}"))));
        assertEquals("completed", terminal(noMetadata).status());
    }

    private static String normalise(List<StreamEvent> events) {
        return events.stream().map(Object::toString)
                .map(s -> s.replaceAll("\\b(msg|fc|rs|ctc|tsc|call)_[0-9a-z]{24}\\b", "$1_ID"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    static byte[] bytes(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
