package io.camelgateway.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.camelgateway.canonical.TurnError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    private static final String KEY = "sk-unit-redact/+key=42\"x";

    static {
        SecretRedactor.register(KEY);
    }

    @Test
    void everyFormOfASecretIsReplaced() {
        String url = URLEncoder.encode(KEY, StandardCharsets.UTF_8);
        String json = "sk-unit-redact/+key=42\\\"x";
        String slashEscaped = "sk-unit-redact\\/+key=42\\\"x";

        assertEquals("auth: Bearer [redacted].", SecretRedactor.redact("auth: Bearer " + KEY + "."));
        assertEquals("?key=[redacted]&a=1", SecretRedactor.redact("?key=" + url + "&a=1"));
        assertEquals("{\"m\":\"[redacted]\"}", SecretRedactor.redact("{\"m\":\"" + json + "\"}"));
        assertEquals("{\"m\":\"[redacted]\"}", SecretRedactor.redact("{\"m\":\"" + slashEscaped + "\"}"));
        assertEquals("[redacted][redacted]", SecretRedactor.redact(KEY + KEY));
    }

    @Test
    void aSecretRegisteredForAWhileIsRedactedUntilItsLastHolderCloses() {
        String clientKey = "sk-client-own-key-for-one-request";
        SecretRedactor.Registration first = SecretRedactor.registerWhile(clientKey);
        SecretRedactor.Registration second = SecretRedactor.registerWhile(clientKey);
        assertEquals("key [redacted]", SecretRedactor.redact("key " + clientKey));
        first.close();
        first.close();
        assertEquals("key [redacted]", SecretRedactor.redact("key " + clientKey), "the second request still runs");
        second.close();
        assertEquals("key " + clientKey, SecretRedactor.redact("key " + clientKey), "released with its last request");
        try (SecretRedactor.Registration known = SecretRedactor.registerWhile(KEY)) {
            assertEquals("[redacted]", SecretRedactor.redact(KEY));
        }
        assertEquals("[redacted]", SecretRedactor.redact(KEY), "a secret registered for good stays");
    }

    @Test
    void textWithoutSecretsIsReturnedAsIs() {
        String text = "nothing secret here";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        assertSame(text, SecretRedactor.redact(text));
        assertSame(bytes, SecretRedactor.redact(bytes));
        assertEquals(null, SecretRedactor.redact((String) null));
    }

    @Test
    void bytesAreRedactedToo() {
        byte[] body = ("{\"error\":\"" + KEY.replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);

        assertArrayEquals("{\"error\":\"[redacted]\"}".getBytes(StandardCharsets.UTF_8), SecretRedactor.redact(body));
    }

    @Test
    void placeholdersTooShortToBeKeysAreNotSecrets() {
        SecretRedactor.register("EMPTY");
        SecretRedactor.register("  ");
        SecretRedactor.register(null);

        assertEquals("EMPTY response", SecretRedactor.redact("EMPTY response"));
    }

    @Test
    void aTurnErrorCannotCarryASecret() {
        TurnError error = TurnError.invalidRequest("upstream said: invalid key " + KEY, null);

        assertEquals("upstream said: invalid key [redacted]", error.message());
    }

    @Test
    void theLogStreamRedactsLinesAndStackTraces() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream log = new RedactingPrintStream(new PrintStream(captured, true, StandardCharsets.UTF_8));

        log.println("provider said " + KEY);
        new IllegalStateException("boom " + KEY).printStackTrace(log);

        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(false, text.contains(KEY), text);
        assertEquals(true, text.startsWith("provider said [redacted]" + System.lineSeparator()), text);
        assertEquals(true, text.contains("IllegalStateException: boom [redacted]"), text);
    }
}
