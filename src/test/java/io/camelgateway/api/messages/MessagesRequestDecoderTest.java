package io.camelgateway.api.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesRequestDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TurnRequest decode(String json) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(json);
        MessagesRequestRules.check(body);
        return new MessagesApiCodec().decode(body);
    }

    @Test
    void claudeCodesRequestBecomesTheCanonicalTurn() throws Exception {
        TurnRequest turn = decode(MessagesRequestRulesTest.VALID);

        assertEquals("You are Claude Code.", turn.instructions(), "billing header dropped, system kept");
        List<Item> input = turn.input();
        assertEquals(new Message(null, Role.USER, List.of(new ContentPart.Text("hi", false))), input.get(0));
        assertEquals(new Message(null, Role.DEVELOPER, List.of(new ContentPart.Text("# Environment", false))),
                input.get(1), "a system message stays in place as a developer message");
        Reasoning thinking = assertInstanceOf(Reasoning.class, input.get(2));
        assertEquals(List.of("t"), thinking.summary());
        FunctionCall call = assertInstanceOf(FunctionCall.class, input.get(3));
        assertEquals("toolu_1", call.callId());
        assertEquals("Bash", call.name());
        assertEquals("{\"command\":\"ls\"}", call.arguments());
        FunctionCallOutput result = assertInstanceOf(FunctionCallOutput.class, input.get(4));
        assertEquals("toolu_1", result.callId());
        assertEquals("a.txt", result.output().asText());
        assertEquals(5, input.size());

        assertEquals(1, turn.tools().size(), "the deferred tool is left out");
        ToolSpec.Function bash = assertInstanceOf(ToolSpec.Function.class, turn.tools().get(0));
        assertEquals("x", bash.parameters().path("$schema").asText(), "$schema kept");
        assertEquals(ToolChoice.AUTO, turn.toolChoice());
        assertEquals("medium", turn.reasoning().effort());
        assertEquals(128000, turn.maxOutputTokens());
        assertEquals(1.0, turn.temperature());
        assertEquals(List.of("END"), turn.stop());
        assertEquals("{\"session_id\":\"s\"}", turn.user());
        assertTrue(turn.stream());
    }

    @Test
    void failedToolResultsAndImagesSurvive() throws Exception {
        TurnRequest turn = decode("""
                {"model":"m","max_tokens":10,"messages":[
                 {"role":"user","content":[{"type":"text","text":"look"},
                   {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}},
                   {"type":"image","source":{"type":"url","url":"https://x/y.png"}}]},
                 {"role":"assistant","content":[{"type":"text","text":"ok"},
                   {"type":"tool_use","id":"t1","name":"Read","input":{}},
                   {"type":"tool_use","id":"t2","name":"Shot","input":{}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"t1","content":"no such file","is_error":true,
                    "cache_control":{"type":"ephemeral"}},
                   {"type":"tool_result","tool_use_id":"t2","content":[{"type":"text","text":"here"},
                     {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"BBBB"}}]},
                   {"type":"server_tool_result","whatever":1},
                   {"type":"text","text":"go on"}]}]}
                """);
        List<Item> input = turn.input();
        Message user = assertInstanceOf(Message.class, input.get(0));
        assertEquals(new ContentPart.Image("data:image/png;base64,AAAA", null), user.content().get(1));
        assertEquals(new ContentPart.Image("https://x/y.png", null), user.content().get(2));
        assertEquals(Message.text(Role.ASSISTANT, "ok"), input.get(1));
        FunctionCallOutput failed = assertInstanceOf(FunctionCallOutput.class, input.get(4));
        assertEquals("[tool error] no such file", failed.output().asText());
        FunctionCallOutput image = assertInstanceOf(FunctionCallOutput.class, input.get(5));
        assertFalse(image.output().isText());
        assertEquals(new ContentPart.Image("data:image/jpeg;base64,BBBB", null), image.output().parts().get(1));
        assertEquals(Message.text(Role.USER, "go on").content().get(0).getClass(),
                ((Message) input.get(6)).content().get(0).getClass(), "the unknown block is dropped, the rest kept");
        assertEquals(7, input.size());
    }

    @Test
    void pdfDocumentsBecomeFiles() throws Exception {
        TurnRequest turn = decode("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
                  {"type":"document","title":"a.pdf",
                   "source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}},
                  {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain"}},
                  {"type":"text","text":"summarise"}]}]}
                """);
        Message user = (Message) turn.input().get(0);
        assertEquals(new ContentPart.File("a.pdf", "data:application/pdf;base64,JVBE", null), user.content().get(0));
        assertEquals(new ContentPart.Text("summarise", false), user.content().get(1));
        assertEquals(2, user.content().size());
    }

    @Test
    void thinkingSignaturesGoBackToWhoMadeThem() throws Exception {
        String foreign = ReasoningEnvelope.wrap("openai", TextNode.valueOf("enc-openai-123"));
        TurnRequest turn = decode("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"q"},
                 {"role":"assistant","content":[
                   {"type":"thinking","thinking":"mine","signature":"EtYDrealAnthropicSig"},
                   {"type":"redacted_thinking","data":"opaque"},
                   {"type":"thinking","thinking":"theirs","signature":"%s"},
                   {"type":"text","text":"a"}]}]}
                """.formatted(foreign));
        Reasoning own = (Reasoning) turn.input().get(1);
        JsonNode ownBlocks = ReasoningEnvelope.unwrap("anthropic", own.encryptedContent());
        assertEquals("EtYDrealAnthropicSig", ownBlocks.get(0).path("signature").asText());
        assertEquals("mine", ownBlocks.get(0).path("thinking").asText());
        Reasoning redacted = (Reasoning) turn.input().get(2);
        assertEquals("opaque", ReasoningEnvelope.unwrap("anthropic", redacted.encryptedContent()).get(0)
                .path("data").asText());
        Reasoning theirs = (Reasoning) turn.input().get(3);
        assertEquals("enc-openai-123", theirs.encryptedContent());
        assertEquals(List.of("theirs"), theirs.summary());
    }

    @Test
    void effortFollowsThinkingAndOutputConfig() throws Exception {
        String base = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]";
        assertNull(decode(base + "}").reasoning());
        assertEquals("none", decode(base + ",\"thinking\":{\"type\":\"disabled\"}}").reasoning().effort());
        assertEquals("low", decode(base + ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":4000}}")
                .reasoning().effort());
        assertEquals("medium", decode(base + ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":10000}}")
                .reasoning().effort());
        assertEquals("high", decode(base + ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":31999}}")
                .reasoning().effort());
        assertEquals("high", decode(base + ",\"thinking\":{\"type\":\"adaptive\"},\"output_config\":{\"effort\":"
                + "\"high\"}}").reasoning().effort());
        assertEquals(ToolChoice.REQUIRED, decode(base + ",\"tool_choice\":{\"type\":\"any\"}}").toolChoice());
        assertEquals(ToolChoice.named("Bash"), decode(base + ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"Bash\"}}")
                .toolChoice());
    }

    @Test
    void serverToolsAreHostedAndPlainSystemIsKept() throws Exception {
        TurnRequest turn = decode("""
                {"model":"m","max_tokens":10,"system":"be brief","messages":[{"role":"user","content":"q"}],
                 "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":3,
                           "cache_control":{"type":"ephemeral"}}]}
                """);
        assertEquals("be brief", turn.instructions());
        ToolSpec.Hosted hosted = assertInstanceOf(ToolSpec.Hosted.class, turn.tools().get(0));
        assertEquals("web_search_20250305", hosted.type());
        assertFalse(hosted.raw().has("cache_control"));
    }
}
