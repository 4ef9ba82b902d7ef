package io.camelgateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.chat.ChatApiCodec;
import io.camelgateway.api.responses.ResponsesApiCodec;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The field-type tables of both client APIs: wrong types are refused naming the field, real requests pass. */
class RequestRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClientApiCodec RESPONSES = new ResponsesApiCodec();
    private static final ClientApiCodec CHAT = new ChatApiCodec();

    @ParameterizedTest
    @ValueSource(strings = {"turn1-request-body.json", "turn2-request-body.json", "apply-patch-turn1-request-body.json",
        "apply-patch-turn2-request-body.json", "view-image-turn2-request-body.json"})
    void everyCodexCapturePasses(String capture) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/codex-captures/" + capture)) {
            ObjectNode body = (ObjectNode) JSON.readTree(in);
            assertEquals(body.path("model").asText(), RESPONSES.validateAndGetModel(body));
            RESPONSES.decode(body);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{'model':'m\\u0007','input':'hi'}|model",
        "{'model':'m\\r\\nx-evil: 1','input':'hi'}|model",
        "{'model':'m\\u0000','input':'hi'}|model",
        "{'model':'m\\u007f','input':'hi'}|model",
        "{'model':'m','input':5}|input",
        "{'model':'m'}|input",
        "{'model':'m','input':'hi','reasoning':{'effort':5}}|reasoning.effort",
        "{'model':'m','input':'hi','reasoning':'high'}|reasoning",
        "{'model':'m','input':'hi','reasoning':{'summary':true}}|reasoning.summary",
        "{'model':'m','input':'hi','store':'x'}|store",
        "{'model':'m','input':'hi','user':5}|user",
        "{'model':'m','input':'hi','stream':'yes'}|stream",
        "{'model':'m','input':'hi','instructions':[]}|instructions",
        "{'model':'m','input':'hi','parallel_tool_calls':1}|parallel_tool_calls",
        "{'model':'m','input':'hi','metadata':{'a':1}}|metadata.a",
        "{'model':'m','input':'hi','metadata':'x'}|metadata",
        "{'model':'m','input':'hi','max_output_tokens':'10'}|max_output_tokens",
        "{'model':'m','input':'hi','max_output_tokens':0}|max_output_tokens",
        "{'model':'m','input':'hi','temperature':'hot'}|temperature",
        "{'model':'m','input':'hi','top_p':true}|top_p",
        "{'model':'m','input':'hi','text':'x'}|text",
        "{'model':'m','input':'hi','text':{'verbosity':3}}|text.verbosity",
        "{'model':'m','input':'hi','include':'reasoning.encrypted_content'}|include",
        "{'model':'m','input':'hi','include':[1]}|include",
        "{'model':'m','input':'hi','prompt_cache_key':1}|prompt_cache_key",
        "{'model':'m','input':'hi','service_tier':1}|service_tier",
        "{'model':'m','input':'hi','truncation':false}|truncation",
        "{'model':'m','input':'hi','previous_response_id':1}|previous_response_id",
        "{'model':'m','input':'hi','tool_choice':1}|tool_choice",
        "{'model':'m','input':'hi','tool_choice':'sometimes'}|tool_choice",
        "{'model':'m','input':'hi','tools':{}}|tools",
        "{'model':'m','input':'hi','tools':[1]}|tools[0]",
        "{'model':'m','input':'hi','tools':[{'name':'f'}]}|tools[0].type",
        "{'model':'m','input':'hi','tools':[{'type':'function'}]}|tools[0].name",
        "{'model':'m','input':'hi','tools':[{'type':'function','name':'a\\u0007b'}]}|tools[0].name",
        "{'model':'m','input':'hi','tools':[{'type':'web\\nsearch'}]}|tools[0].type",
        "{'model':'m','input':'hi','tools':[{'type':'function','name':'f','parameters':'x'}]}|tools[0].parameters",
        "{'model':'m','input':'hi','tools':[{'type':'function','name':'f','strict':'no'}]}|tools[0].strict",
        "{'model':'m','input':'hi','tools':[{'type':'namespace','name':'n','tools':[{'type':'function','name':5}]}]}|tools[0].tools[0].name",
        "{'model':'m','input':[5]}|input[0]",
        "{'model':'m','input':[{'content':'x'}]}|input[0].type",
        "{'model':'m','input':[{'role':'user'}]}|input[0].content",
        "{'model':'m','input':[{'role':'robot','content':'x'}]}|input[0].role",
        "{'model':'m','input':[{'role':5,'content':'x'}]}|input[0].role",
        "{'model':'m','input':[{'role':'user','content':5}]}|input[0].content",
        "{'model':'m','input':[{'role':'user','content':[{'type':'input_text'}]}]}|input[0].content[0].text",
        "{'model':'m','input':[{'role':'user','content':[{'type':'input_text','text':7}]}]}|input[0].content[0].text",
        "{'model':'m','input':[{'role':'user','content':[{'text':'x'}]}]}|input[0].content[0].type",
        "{'model':'m','input':[{'type':'function_call','name':'f','arguments':'{}'}]}|input[0].call_id",
        "{'model':'m','input':[{'type':'function_call','call_id':'c','arguments':'{}'}]}|input[0].name",
        "{'model':'m','input':[{'type':'function_call','call_id':'c','name':'f','arguments':{}}]}|input[0].arguments",
        "{'model':'m','input':[{'type':'function_call_output','call_id':'c'}]}|input[0].output",
        "{'model':'m','input':[{'type':'function_call_output','call_id':'c','output':5}]}|input[0].output",
        "{'model':'m','input':[{'type':'custom_tool_call','call_id':'c','name':'p'}]}|input[0].input",
        "{'model':'m','input':[{'type':'reasoning','summary':'x'}]}|input[0].summary",
        "{'model':'m','input':[{'type':'reasoning','summary':[],'encrypted_content':5}]}|input[0].encrypted_content",
        "{'model':'m','input':[{'type':'additional_tools','tools':[{'type':'custom'}]}]}|input[0].tools[0].name",
    })
    void responsesFieldsOfTheWrongTypeAreRefusedNamingTheField(String body, String param) throws Exception {
        RequestValidationException refused = assertThrows(RequestValidationException.class,
                () -> RESPONSES.validateAndGetModel(json(body)));
        assertEquals(param, refused.error().param(), refused.getMessage());
        assertEquals(400, refused.error().status());
        assertTrue(refused.getMessage().contains(param), refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{'model':'m\\u0007','messages':[{'role':'user','content':'hi'}]}|model",
        "{'model':'m','messages':'hi'}|messages",
        "{'model':'m','messages':[]}|messages",
        "{'model':'m','messages':[5]}|messages[0]",
        "{'model':'m','messages':[{'content':'hi'}]}|messages[0].role",
        "{'model':'m','messages':[{'role':'robot','content':'hi'}]}|messages[0].role",
        "{'model':'m','messages':[{'role':'user'}]}|messages[0].content",
        "{'model':'m','messages':[{'role':'user','content':'a'},{'role':'assistant'}]}|messages[1].content",
        "{'model':'m','messages':[{'role':'user','content':'a'},{'role':'user','content':'b'},{'role':'user','content':5}]}|messages[2].content",
        "{'model':'m','messages':[{'role':'user','content':[{'type':'text'}]}]}|messages[0].content[0].text",
        "{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':5}]}]}|messages[0].content[0].image_url",
        "{'model':'m','messages':[{'role':'user','content':'hi','name':5}]}|messages[0].name",
        "{'model':'m','messages':[{'role':'tool','content':'hi','tool_call_id':5}]}|messages[0].tool_call_id",
        "{'model':'m','messages':[{'role':'tool','content':'hi'}]}|messages[0].tool_call_id",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'tool_choice':'sometimes'}|tool_choice",
        "{'model':'m','messages':[{'role':'assistant','tool_calls':[{'id':'c','function':{'arguments':'{}'}}]}]}|messages[0].tool_calls[0].function.name",
        "{'model':'m','messages':[{'role':'assistant','tool_calls':[{'function':{'name':'f'}}]}]}|messages[0].tool_calls[0].id",
        "{'model':'m','messages':[{'role':'assistant','tool_calls':'x'}]}|messages[0].tool_calls",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'n':'x'}|n",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'stream':'yes'}|stream",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'stream_options':{'include_usage':'yes'}}|stream_options.include_usage",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'max_tokens':-1}|max_tokens",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'max_completion_tokens':'9'}|max_completion_tokens",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'temperature':'x'}|temperature",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'top_p':[]}|top_p",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'stop':[1]}|stop",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'tools':[{'type':'function'}]}|tools[0].function",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'tools':[{'type':'function','function':{'name':'a\\nb'}}]}|tools[0].function.name",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'tool_choice':5}|tool_choice",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'user':5}|user",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'seed':'x'}|seed",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'seed':1.5}|seed",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'response_format':'json'}|response_format",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'logprobs':'x'}|logprobs",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'presence_penalty':'x'}|presence_penalty",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'frequency_penalty':{}}|frequency_penalty",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'reasoning_effort':1}|reasoning_effort",
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'functions':[{'description':'x'}]}|functions[0].name",
    })
    void chatFieldsOfTheWrongTypeAreRefusedNamingTheField(String body, String param) throws Exception {
        RequestValidationException refused = assertThrows(RequestValidationException.class,
                () -> CHAT.validateAndGetModel(json(body)));
        assertEquals(param, refused.error().param(), refused.getMessage());
        assertTrue(refused.getMessage().contains(param), refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{'model':'m','messages':[{'role':'user','content':'hi'}],'x_unknown':{'anything':[1]},'n':1,'seed':3,"
                + "'stop':'END','tool_choice':'auto','logit_bias':{'50256':-100},'max_tokens':null}",
        "{'model':'m','messages':[{'role':'system','content':'s'},{'role':'user','content':[{'type':'text','text':'t'},"
                + "{'type':'image_url','image_url':{'url':'data:,x'}}]},{'role':'assistant','content':null,"
                + "'tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'c','content':'ok'}],'tools':[{'type':'function','function':"
                + "{'name':'f','parameters':{'type':'object'}}}],'stream':true,'stream_options':{'include_usage':true}}",
    })
    void validChatRequestsAndUnknownFieldsPass(String body) throws Exception {
        assertEquals("m", CHAT.validateAndGetModel(json(body)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{'model':'m','input':'hi','future_field':{'x':1},'reasoning':null,'metadata':{'k':'v'},'temperature':0}",
        "{'model':'m','input':[{'type':'web_search_call','id':'w','status':'completed','action':{}},"
                + "{'type':'item_reference','id':'r'}],'tools':[{'type':'web_search_preview'}]}",
    })
    void validResponsesRequestsAndUnknownFieldsPass(String body) throws Exception {
        assertEquals("m", RESPONSES.validateAndGetModel(json(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'model':'m\\u0007','input':'hi'}"})
    void controlCharacterMessagesSayWhichCharacter(String body) {
        RequestValidationException refused = assertThrows(RequestValidationException.class,
                () -> RESPONSES.validateAndGetModel(json(body)));
        assertTrue(refused.getMessage().contains("U+0007"), refused.getMessage());
        assertFalse(refused.getMessage().contains("\u0007"));
    }

    private static ObjectNode json(String singleQuoted) throws Exception {
        return (ObjectNode) JSON.readTree(singleQuoted.replace('\'', '"'));
    }
}
