package io.camelgateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.chat.ChatApiCodec;
import io.camelgateway.api.responses.ResponsesApiCodec;
import org.junit.jupiter.api.Test;

/** The cache key: stable for the same request, blind to what does not change the answer, sensitive to what does. */
class CacheKeyTest {

    private static String key(ClientApiCodec api, String json) throws Exception {
        ObjectNode body = (ObjectNode) CacheHttp.JSON.readTree(json);
        return CacheKey.of(api.name(), "openai", "gpt-5.1", api.decode(body), body);
    }

    @Test
    void theSameChatRequestAlwaysHasTheSameKey() throws Exception {
        String chat = "{\"model\":\"openai/gpt-5-test\",\"stream\":true,\"temperature\":0,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"chat me\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\"}}}]}";
        ChatApiCodec api = new ChatApiCodec();
        assertEquals(key(api, chat), key(api, chat));
        assertEquals(key(api, chat), key(api, chat.replace("\"stream\":true", "\"stream\":false")));
        assertNotEquals(key(api, chat), key(api, chat.replace("chat me", "chat you")));
    }

    @Test
    void fieldOrderAndNonOutputFieldsDoNotMatterButParametersDo() throws Exception {
        ResponsesApiCodec api = new ResponsesApiCodec();
        String a = "{\"model\":\"x\",\"temperature\":0,\"input\":\"hi\",\"text\":{\"verbosity\":\"low\",\"format\":{\"type\":\"text\"}}}";
        String b = "{\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"text\"},\"verbosity\":\"low\"},\"temperature\":0,"
                + "\"model\":\"other-alias\",\"user\":\"u\",\"metadata\":{\"a\":\"b\"},\"prompt_cache_key\":\"k\","
                + "\"store\":false,\"client_metadata\":{\"x\":\"y\"}}";
        assertEquals(key(api, a), key(api, b));
        assertNotEquals(key(api, a), key(api, a.replace("low", "high")));
        assertNotEquals(key(api, a), key(api, a.replace("\"temperature\":0", "\"temperature\":0,\"seed\":7")));
        assertNotEquals(key(api, a), key(new ChatApiCodec(), "{\"model\":\"x\",\"temperature\":0,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }
}
