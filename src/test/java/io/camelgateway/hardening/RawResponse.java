package io.camelgateway.hardening;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What came back for a {@link RawRequest}. {@code outcome} says whether a complete answer arrived, the server closed
 * without one, or nothing complete came within the deadline. {@code answerMs} is how long after the client's last
 * byte the answer was complete (0 when it came before the client finished sending).
 */
record RawResponse(Outcome outcome, int status, HttpWire.Head head, byte[] body, long answerMs, String note) {

    enum Outcome { ANSWERED, CLOSED_WITHOUT_ANSWER, TIMED_OUT }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
        return head == null ? null : head.first(name);
    }

    List<Map.Entry<String, String>> headers() {
        return head == null ? List.of() : head.headers();
    }

    String describe() {
        String text = bodyText();
        return outcome + " status=" + status + " after " + answerMs + " ms" + (note == null ? "" : " (" + note + ")")
                + " headers=" + headers() + " body=" + (text.length() > 600 ? text.substring(0, 600) + "…" : text);
    }
}
