package io.camelgateway.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed JSON is described in plain words with a position, never with the parser's option or class names. */
class JsonSyntaxProblemTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"model\":\"gpt\"|unexpected end of input at line 1, column 15",
        "{model:1}|unexpected character 'm': expected a field name in double quotes at line 1, column 2",
        "{\"a\":1 \"b\":2}|unexpected character '\"': expected ',' or '}' after an object member at line 1, column 8",
        "{\"a\":NaN}|NaN and Infinity are not valid JSON numbers",
        "{\"a\":tru}|unexpected word 'tru'",
        "{\"a\":1}{}|more content after the end of the JSON value",
        "[1,2|unexpected end of input",
        "{\"a\":01}|numbers must not start with 0",
        "{\"a\":'x'}|unexpected character ''': expected a value",
        "{\"a\":\"\\q\"}|an invalid escape sequence inside a string",
        "{\"a\":[1}|a closing bracket that does not match the open one",
    })
    void describesWhatIsWrong(String body, String expected) {
        String message = problem(body.getBytes(StandardCharsets.UTF_8)).message();
        assertTrue(message.startsWith("The request body is not valid JSON: "), message);
        assertTrue(message.contains(expected), message);
        assertPlain(message);
    }

    @Test
    void controlCharacterInsideAStringIsNamed() {
        String message = problem("{\"a\":\"x\u0007\"}".getBytes(StandardCharsets.UTF_8)).message();
        assertTrue(message.contains("U+0007") && message.contains("must be escaped"), message);
        assertFalse(message.contains("\u0007"));
        assertPlain(message);
    }

    @Test
    void invalidUtf8IsItsOwnPlainMessage() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        JsonSyntaxProblem problem = problem(body);
        assertTrue(problem.isEncoding());
        assertEquals("The request body is not valid UTF-8 (an invalid byte sequence at line 1, column 8); "
                + "send JSON encoded as UTF-8.", problem.message());
    }

    @Test
    void tooDeepNestingIsPlain() {
        String message = problem("[".repeat(2000).getBytes(StandardCharsets.UTF_8)).message();
        assertTrue(message.contains("nested too deeply"), message);
        assertPlain(message);
    }

    private static void assertPlain(String message) {
        for (String internal : new String[] {"Feature", "`", "com.fasterxml", "Jackson", "Source:", "token 'null'"}) {
            assertFalse(message.contains(internal), message);
        }
    }

    private static JsonSyntaxProblem problem(byte[] body) {
        try {
            Json.parse(body);
        } catch (IOException e) {
            return JsonSyntaxProblem.of(e);
        }
        throw new AssertionError("parsed: " + new String(body, StandardCharsets.UTF_8));
    }
}
