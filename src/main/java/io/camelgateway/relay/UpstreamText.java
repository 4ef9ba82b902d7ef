package io.camelgateway.relay;

import io.camelgateway.secrets.SecretRedactor;
import java.nio.charset.StandardCharsets;

/** A provider's text, fit for the log: secrets redacted first, then cut to one short line. */
final class UpstreamText {

    private static final int MAX_CHARS = 300;

    private UpstreamText() {
    }

    static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        String text = SecretRedactor.redact(new String(body, StandardCharsets.UTF_8)).strip()
                .replaceAll("\\s+", " ");
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "…" : text;
    }
}
