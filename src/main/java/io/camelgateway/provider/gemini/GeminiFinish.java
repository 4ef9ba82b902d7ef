package io.camelgateway.provider.gemini;

import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.TurnError;
import java.util.Locale;
import java.util.Set;

/** What a candidate's {@code finishReason} (and a prompt's {@code blockReason}) means for the client. */
final class GeminiFinish {

    /** The response was withheld by a filter: the client gets an error naming the reason, not a partial answer. */
    private static final Set<String> BLOCKED = Set.of("SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST",
            "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "LANGUAGE");
    /** The model went wrong in a way another attempt may not repeat. */
    private static final Set<String> MODEL_FAULT = Set.of("MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL",
            "TOO_MANY_TOOL_CALLS", "OTHER");

    private GeminiFinish() {
    }

    static StopReason stopReason(String finishReason) {
        return "MAX_TOKENS".equals(finishReason) ? StopReason.MAX_OUTPUT_TOKENS : StopReason.COMPLETED;
    }

    /** The error a finish reason stands for, or null when the answer is good (STOP, MAX_TOKENS, unknown reasons). */
    static TurnError error(String provider, String finishReason, String finishMessage) {
        String detail = finishMessage == null || finishMessage.isBlank() ? "" : ": " + finishMessage;
        if (BLOCKED.contains(finishReason)) {
            return new TurnError(400, "invalid_request_error", "content_filter", provider
                    + " blocked the response (finishReason " + finishReason + ")" + detail, null, null);
        }
        if (MODEL_FAULT.contains(finishReason)) {
            String what = "MALFORMED_FUNCTION_CALL".equals(finishReason)
                    ? "the model produced a malformed function call" : "the model stopped abnormally";
            return new TurnError(502, "server_error", finishReason.toLowerCase(Locale.ROOT),
                    provider + ": " + what + " (finishReason " + finishReason + ")" + detail + "; retry.", null, null);
        }
        return null;
    }

    static TurnError promptBlocked(String provider, String blockReason, String message) {
        String detail = message == null || message.isBlank() ? "" : ": " + message;
        return new TurnError(400, "invalid_request_error", "prompt_blocked", provider
                + " refused the prompt (promptFeedback.blockReason " + blockReason + ")" + detail, null, null);
    }
}
