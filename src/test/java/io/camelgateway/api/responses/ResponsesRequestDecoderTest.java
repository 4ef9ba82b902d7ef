package io.camelgateway.api.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.CustomToolCallOutput;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.OpaqueItem;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.ToolSearchOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/responses} bodies, as Codex sends them, into the canonical request. */
class ResponsesRequestDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode body(String singleQuoted) throws Exception {
        return (ObjectNode) JSON.readTree(singleQuoted.replace('\'', '"'));
    }

    private static TurnRequest decode(String singleQuoted) throws Exception {
        return ResponsesRequestDecoder.decode(body(singleQuoted));
    }

    private static TurnRequest capture(String name) throws Exception {
        try (InputStream in = ResponsesRequestDecoderTest.class.getResourceAsStream("/codex-captures/" + name)) {
            return ResponsesRequestDecoder.decode((ObjectNode) JSON.readTree(in));
        }
    }

    private static Item onlyItem(String itemJson) throws Exception {
        TurnRequest request = decode("{'model':'m','input':[" + itemJson + "]}");
        assertEquals(1, request.input().size());
        return request.input().get(0);
    }

    @Test
    void aStringInputIsOneUserMessage() throws Exception {
        TurnRequest request = decode("{'model':'gpt-x','input':'hello','stream':true}");
        assertEquals("gpt-x", request.model());
        assertEquals(List.of(Message.text(Role.USER, "hello")), request.input());
        assertTrue(request.stream());
        assertNull(request.reasoning());
        assertNull(request.toolChoice());
        assertNull(request.parallelToolCalls());
        assertEquals(List.of(), request.tools());
    }

    @Test
    void topLevelSettingsAreKept() throws Exception {
        TurnRequest request = decode("{'model':'m','input':'hi','instructions':'be brief','tool_choice':'required',"
                + "'parallel_tool_calls':false,'reasoning':{'effort':'high','summary':'auto'},'max_output_tokens':77,"
                + "'temperature':0.5,'top_p':0.9,'user':'u1','metadata':{'k':'v'},"
                + "'text':{'format':{'type':'json_schema','name':'s','schema':{}}}}");
        assertEquals("be brief", request.instructions());
        assertEquals(ToolChoice.REQUIRED, request.toolChoice());
        assertEquals(false, request.parallelToolCalls());
        assertEquals("high", request.reasoning().effort());
        assertEquals("auto", request.reasoning().summary());
        assertEquals(77, request.maxOutputTokens());
        assertEquals(0.5, request.temperature());
        assertEquals(0.9, request.topP());
        assertEquals("u1", request.user());
        assertEquals("v", request.metadata().path("k").asText());
        assertEquals("json_schema", request.textFormat().path("type").asText());
        assertFalse(request.stream());
    }

    @Test
    void plainTextFormatAndVerbosityAreNoStructuredOutput() throws Exception {
        assertNull(decode("{'model':'m','input':'hi','text':{'format':{'type':'text'}}}").textFormat());
        assertNull(decode("{'model':'m','input':'hi','text':{'verbosity':'low'}}").textFormat());
    }

    @ParameterizedTest
    @CsvSource({"auto,AUTO", "none,NONE", "required,REQUIRED"})
    void toolChoiceWords(String word, ToolChoice.Mode mode) throws Exception {
        assertEquals(mode, decode("{'model':'m','input':'hi','tool_choice':'" + word + "'}").toolChoice().mode());
    }

    @Test
    void aNamedToolChoiceInEitherShape() throws Exception {
        assertEquals(ToolChoice.named("f"),
                decode("{'model':'m','input':'hi','tool_choice':{'type':'function','name':'f'}}").toolChoice());
        assertEquals(ToolChoice.named("g"),
                decode("{'model':'m','input':'hi','tool_choice':{'type':'function','function':{'name':'g'}}}").toolChoice());
    }

    @Test
    void anUnknownToolChoiceWordIsRefusedNamingTheField() {
        RequestValidationException refused = assertThrows(RequestValidationException.class,
                () -> decode("{'model':'m','input':'hi','tool_choice':'sometimes'}"));
        assertEquals("tool_choice", refused.error().param());
        assertEquals(400, refused.error().status());
    }

    @Test
    void messagesWithEveryContentPartCodexSends() throws Exception {
        Message user = (Message) onlyItem("{'type':'message','id':'msg_1','role':'user','content':["
                + "{'type':'input_text','text':'<image>'},"
                + "{'type':'input_image','image_url':'data:image/png;base64,AAAA','detail':'original'},"
                + "{'type':'input_file','filename':'a.pdf','file_data':'data:application/pdf;base64,BB'},"
                + "{'type':'some_future_part','x':1}]}");
        assertEquals("msg_1", user.id());
        assertEquals(Role.USER, user.role());
        assertEquals(List.of(new ContentPart.Text("<image>", false),
                new ContentPart.Image("data:image/png;base64,AAAA", "original"),
                new ContentPart.File("a.pdf", "data:application/pdf;base64,BB", null)), user.content(),
                "unknown part types are skipped");

        Message assistant = (Message) onlyItem("{'type':'message','status':'completed','id':'msg_stub_1',"
                + "'role':'assistant','content':[{'type':'output_text','text':'done','annotations':[]},"
                + "{'type':'refusal','refusal':'no'}]}");
        assertEquals(List.of(new ContentPart.Text("done", true), new ContentPart.Text("no", true)), assistant.content());

        Message developer = (Message) onlyItem("{'role':'developer','content':'rules'}");
        assertEquals(Role.DEVELOPER, developer.role(), "a typeless item with a role is a message");
        assertEquals(List.of(new ContentPart.Text("rules", false)), developer.content());
    }

    @Test
    void anImageGivenAsAnObjectUrl() throws Exception {
        Message m = (Message) onlyItem("{'type':'message','role':'user','content':["
                + "{'type':'input_image','image_url':{'url':'https://x/y.png'}}]}");
        assertEquals(new ContentPart.Image("https://x/y.png", null), m.content().get(0));
    }

    @Test
    void functionCallAndItsOutput() throws Exception {
        assertEquals(new FunctionCall("fc_1", "call_1", null, "exec_command", "{\"cmd\": \"echo hello\"}"),
                onlyItem("{'type':'function_call','status':'completed','id':'fc_1','name':'exec_command',"
                        + "'arguments':'{\\'cmd\\': \\'echo hello\\'}','call_id':'call_1'}".replace("\\'", "\\\"")));
        assertEquals(new FunctionCall(null, "call_2", "multi_agent_v1", "spawn_agent", "{}"),
                onlyItem("{'type':'function_call','call_id':'call_2','namespace':'multi_agent_v1','name':'spawn_agent'}"),
                "missing arguments are an empty object");

        FunctionCallOutput text = (FunctionCallOutput) onlyItem(
                "{'type':'function_call_output','id':'fco_1','call_id':'call_1','output':'hello\\n'}");
        assertEquals("call_1", text.callId());
        assertTrue(text.output().isText());
        assertEquals("hello\n", text.output().text());

        FunctionCallOutput image = (FunctionCallOutput) onlyItem("{'type':'function_call_output','call_id':'c',"
                + "'output':[{'type':'input_image','image_url':'data:image/png;base64,QQ','detail':'original'}]}");
        assertEquals(List.of(new ContentPart.Image("data:image/png;base64,QQ", "original")), image.output().parts());
    }

    @Test
    void customToolCallAndItsOutput() throws Exception {
        String patch = "*** Begin Patch\\n*** Add File: hello.txt\\n+hi\\n*** End Patch\\n";
        assertEquals(new CustomToolCall("ctc_1", "call_patch_1", "apply_patch",
                        "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\n"),
                onlyItem("{'type':'custom_tool_call','id':'ctc_1','status':'completed','call_id':'call_patch_1',"
                        + "'name':'apply_patch','input':'" + patch + "'}"));
        CustomToolCallOutput output = (CustomToolCallOutput) onlyItem(
                "{'type':'custom_tool_call_output','id':'ctco_1','call_id':'call_patch_1','output':'Exit code: 0'}");
        assertEquals("call_patch_1", output.callId());
        assertEquals("Exit code: 0", output.output().text());
    }

    @Test
    void reasoningIsReplayedWithItsEncryptedContent() throws Exception {
        assertEquals(new Reasoning("rs_1", List.of("Plan", "Act"), List.of(), "gAAAAB-opaque"),
                onlyItem("{'type':'reasoning','id':'rs_1','summary':[{'type':'summary_text','text':'Plan'},"
                        + "{'type':'summary_text','text':'Act'}],'content':null,'encrypted_content':'gAAAAB-opaque'}"));
        assertEquals(List.of("raw"), ((Reasoning) onlyItem(
                "{'type':'reasoning','summary':[],'content':[{'type':'reasoning_text','text':'raw'}]}")).content());
    }

    @Test
    void toolSearchCallAndOutputWhoseToolsJoinTheRequest() throws Exception {
        ToolSearchCall call = (ToolSearchCall) onlyItem("{'type':'tool_search_call','id':'tsc_1','call_id':'ts_1',"
                + "'execution':'client','arguments':{'query':'github','limit':3}}");
        assertEquals("ts_1", call.callId());
        assertEquals("client", call.execution());
        assertEquals("github", call.arguments().path("query").asText());

        ToolSearchOutput found = (ToolSearchOutput) onlyItem("{'type':'tool_search_output','call_id':'ts_1',"
                + "'execution':'client','tools':[{'type':'namespace','name':'github','tools':["
                + "{'type':'function','name':'list_prs','parameters':{'type':'object'}}]}]}");
        ToolSpec.Namespace ns = (ToolSpec.Namespace) found.tools().get(0);
        assertEquals("github", ns.name());
        assertEquals("list_prs", ((ToolSpec.Function) ns.tools().get(0)).name());
    }

    @Test
    void additionalToolsAreHoistedIntoTheToolListNotTheHistory() throws Exception {
        TurnRequest request = decode("{'model':'m','tools':[{'type':'function','name':'a'}],'input':["
                + "{'type':'message','role':'user','content':'hi'},"
                + "{'type':'additional_tools','tools':[{'type':'function','name':'b'}]}]}");
        assertEquals(1, request.input().size());
        assertEquals(List.of("a", "b"), request.tools().stream().map(t -> ((ToolSpec.Function) t).name()).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local_shell_call", "web_search_call", "image_generation_call", "compaction",
        "compaction_summary"})
    void historyTypesTheGatewayDoesNotTranslateAreKeptVerbatim(String type) throws Exception {
        String raw = "{'type':'" + type + "','id':'x_1','status':'completed','action':{'type':'exec','command':['ls']}}";
        OpaqueItem item = assertInstanceOf(OpaqueItem.class, onlyItem(raw));
        assertEquals(type, item.type());
        assertEquals(body(raw), item.raw());
    }

    @Test
    void everyToolTypeCodexDeclares() throws Exception {
        List<ToolSpec> tools = decode("{'model':'m','input':'hi','tools':["
                + "{'type':'function','name':'exec_command','description':'d','strict':false,'parameters':{'type':'object'}},"
                + "{'type':'custom','name':'apply_patch','format':{'type':'grammar','syntax':'lark','definition':'start: x'}},"
                + "{'type':'tool_search','execution':'client','parameters':{'type':'object'}},"
                + "{'type':'web_search','external_web_access':true},"
                + "{'type':'namespace','name':'multi_agent_v1','tools':[{'type':'function','name':'spawn_agent'}]}]}").tools();
        ToolSpec.Function exec = (ToolSpec.Function) tools.get(0);
        assertEquals("exec_command", exec.name());
        assertEquals(false, exec.strict());
        assertEquals("object", exec.parameters().path("type").asText());
        assertEquals("lark", ((ToolSpec.Custom) tools.get(1)).format().path("syntax").asText());
        assertEquals("client", ((ToolSpec.ToolSearch) tools.get(2)).execution());
        ToolSpec.Hosted web = (ToolSpec.Hosted) tools.get(3);
        assertEquals("web_search", web.type());
        assertTrue(web.raw().path("external_web_access").asBoolean());
        assertEquals("spawn_agent",
                ((ToolSpec.Function) ((ToolSpec.Namespace) tools.get(4)).tools().get(0)).name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{'type':'function_call','name':'f'}|input[0].call_id",
        "{'type':'function_call','call_id':'c'}|input[0].name",
        "{'type':'custom_tool_call','call_id':'c'}|input[0].name",
        "{'type':'message','role':'narrator','content':'x'}|input[0].role",
        "{'type':'message','role':'user','content':5}|input[0].content",
        "{'type':'message','role':'user','content':[{'type':'input_image'}]}|input[0].content[0].image_url",
        "{'content':'no type, no role'}|input[0].type",
        "{'type':'additional_tools','tools':[{'type':'function'}]}|input[0].tools[0].name"})
    void aBrokenItemIsRefusedNamingItsField(String item, String param) {
        RequestValidationException refused = assertThrows(RequestValidationException.class,
                () -> decode("{'model':'m','input':[" + item + "]}"));
        assertEquals(param, refused.error().param(), refused.getMessage());
        assertEquals(400, refused.error().status());
        assertTrue(refused.error().message().contains(param), refused.error().message());
    }

    @Test
    void codexShellRoundTripCapture() throws Exception {
        TurnRequest turn2 = capture("turn2-request-body.json");
        List<Item> input = turn2.input();
        assertEquals(Role.DEVELOPER, ((Message) input.get(0)).role());
        assertEquals(Role.DEVELOPER, ((Message) input.get(1)).role());
        assertEquals(Role.USER, ((Message) input.get(2)).role());
        FunctionCall call = (FunctionCall) input.get(4);
        FunctionCallOutput output = (FunctionCallOutput) input.get(5);
        assertEquals("exec_command", call.name());
        assertEquals(call.callId(), output.callId());
        assertEquals(ToolChoice.AUTO, turn2.toolChoice());
        assertEquals(true, turn2.parallelToolCalls());
        assertEquals("auto", turn2.reasoning().summary());
        assertTrue(turn2.tools().stream().anyMatch(t -> t instanceof ToolSpec.Namespace ns
                && ns.name().equals("multi_agent_v1")));
        assertTrue(turn2.tools().stream().anyMatch(t -> t instanceof ToolSpec.Hosted h && h.type().equals("web_search")));
    }

    @Test
    void codexApplyPatchCapture() throws Exception {
        TurnRequest turn2 = capture("apply-patch-turn2-request-body.json");
        Reasoning reasoning = (Reasoning) turn2.input().get(4);
        assertTrue(reasoning.encryptedContent().startsWith("gAAAA"), "encrypted reasoning replayed verbatim");
        CustomToolCall patch = (CustomToolCall) turn2.input().get(5);
        CustomToolCallOutput result = (CustomToolCallOutput) turn2.input().get(6);
        assertEquals("apply_patch", patch.name());
        assertTrue(patch.input().startsWith("*** Begin Patch"), patch.input());
        assertEquals(patch.callId(), result.callId());
        assertEquals("medium", turn2.reasoning().effort());
        assertTrue(turn2.tools().stream().anyMatch(t -> t instanceof ToolSpec.Custom c && c.name().equals("apply_patch")));
        assertTrue(turn2.tools().stream().anyMatch(t -> t instanceof ToolSpec.ToolSearch));
    }

    @Test
    void codexViewImageCapture() throws Exception {
        FunctionCallOutput output = (FunctionCallOutput) capture("view-image-turn2-request-body.json").input().get(5);
        assertFalse(output.output().isText());
        ContentPart.Image image = (ContentPart.Image) output.output().parts().stream()
                .filter(p -> p instanceof ContentPart.Image).findFirst().orElseThrow();
        assertTrue(image.isDataUri());
        assertTrue(image.mediaType().startsWith("image/"), image.mediaType());
    }
}
