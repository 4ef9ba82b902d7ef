package io.camelgateway.api.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.RequestValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MessagesRequestRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Claude Code sends, in small: system blocks, a mid-conversation system message, tools, thinking. */
    static final String VALID = """
            {"model":"claude-opus-5-5","max_tokens":128000,"stream":true,
             "system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1"},
                       {"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":"hi"},
                         {"role":"system","content":[{"type":"text","text":"# Environment"}]},
                         {"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"s"},
                            {"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"ls"}}]},
                         {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1",
                            "content":[{"type":"text","text":"a.txt"}],"is_error":false}]}],
             "tools":[{"name":"Bash","input_schema":{"type":"object","$schema":"x"}},
                      {"name":"Later","input_schema":{"type":"object"},"defer_loading":true}],
             "tool_choice":{"type":"auto"},
             "thinking":{"type":"adaptive","display":"omitted"},"output_config":{"effort":"medium"},
             "context_management":{"edits":[]},"metadata":{"user_id":"{\\"session_id\\":\\"s\\"}"},
             "temperature":1,"stop_sequences":["END"],"some_future_field":{"x":1}}
            """;

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void acceptsWhatClaudeCodeSends() throws Exception {
        assertEquals("claude-opus-5-5", MessagesRequestRules.check(body(VALID)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "model|/model|",
            "model|/model|5",
            "max_tokens|/max_tokens|",
            "max_tokens|/max_tokens|0",
            "max_tokens|/max_tokens|\"many\"",
            "messages|/messages|",
            "messages|/messages|[]",
            "messages|/messages|{}",
            "messages.1.role|/messages/1/role|\"tool\"",
            "messages.0.content|/messages/0/content|7",
            "messages.2.content.1.type|/messages/2/content/1/type|",
            "messages.2.content.1.input|/messages/2/content/1/input|\"ls\"",
            "messages.2.content.0.thinking|/messages/2/content/0/thinking|",
            "messages.3.content.0.tool_use_id|/messages/3/content/0/tool_use_id|",
            "messages.3.content.0.is_error|/messages/3/content/0/is_error|\"yes\"",
            "messages.3.content.0.content.0.text|/messages/3/content/0/content/0/text|3",
            "system|/system|5",
            "system.1.text|/system/1/text|",
            "tools|/tools|{}",
            "tools.0.name|/tools/0/name|",
            "tools.0.input_schema|/tools/0/input_schema|\"object\"",
            "tool_choice.type|/tool_choice/type|\"sometimes\"",
            "tool_choice|/tool_choice|\"auto\"",
            "thinking.type|/thinking/type|\"deep\"",
            "thinking.budget_tokens|/thinking/budget_tokens|\"lots\"",
            "output_config.effort|/output_config/effort|3",
            "stream|/stream|\"yes\"",
            "temperature|/temperature|\"hot\"",
            "top_p|/top_p|\"x\"",
            "stop_sequences|/stop_sequences|[1]",
            "metadata|/metadata|\"u\""})
    void aBadFieldIsNamed(String param, String pointer, String value) throws Exception {
        ObjectNode body = body(VALID);
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        ObjectNode holder = (ObjectNode) (parent.isEmpty() ? body : body.at(parent));
        if (value == null) {
            holder.remove(field);
        } else {
            holder.set(field, JSON.readTree(value));
        }
        RequestValidationException e = assertThrows(RequestValidationException.class,
                () -> MessagesRequestRules.check(body));
        assertEquals(400, e.error().status());
        assertEquals(param, e.error().param());
        assertTrue(e.error().message().startsWith(param + ": "), e.error().message());
    }

    @Test
    void toolChoiceToolNeedsAName() throws Exception {
        ObjectNode body = body(VALID);
        body.set("tool_choice", JSON.readTree("{\"type\":\"tool\"}"));
        RequestValidationException e = assertThrows(RequestValidationException.class,
                () -> MessagesRequestRules.check(body));
        assertEquals("tool_choice.name", e.error().param());
    }

    @Test
    void countTokensNeedsNoMaxTokens() throws Exception {
        ObjectNode body = body(VALID);
        body.remove("max_tokens");
        assertEquals("claude-opus-5-5", MessagesRequestRules.checkCount(body));
        assertThrows(RequestValidationException.class, () -> MessagesRequestRules.check(body));
    }

    @Test
    void unknownBlockTypesAndFieldsPass() throws Exception {
        ObjectNode body = body(VALID);
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.at("/messages/2/content"))
                .add(JSON.readTree("{\"type\":\"container_upload\",\"file_id\":\"f\"}"));
        assertEquals("claude-opus-5-5", MessagesRequestRules.check(body));
    }
}
