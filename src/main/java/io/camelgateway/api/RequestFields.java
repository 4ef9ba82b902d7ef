package io.camelgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The check of {@code model}, shared by every client API with the same messages on every endpoint. */
public final class RequestFields {

    /** Longer than any real model id; keeps the id (echoed in x-gateway-model) a sane header value. */
    static final int MAX_MODEL_LENGTH = 256;

    private RequestFields() {
    }

    /** The {@code model} the client asked for; refuses a missing, non-text, blank, over-long or control-character one. */
    public static String requireModel(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw new RequestValidationException("Missing required parameter: 'model'", "model");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw new RequestValidationException("model must be a non-empty string", "model");
        }
        String text = model.asText();
        int bad = FieldTable.firstControlCharacter(text);
        if (bad >= 0) {
            // the model id is echoed in response headers, which cannot carry control characters
            throw new RequestValidationException(String.format(
                    "model must not contain control characters (found U+%04X at position %d)", (int) text.charAt(bad), bad),
                    "model");
        }
        if (text.length() > MAX_MODEL_LENGTH) {
            throw new RequestValidationException("model must be at most " + MAX_MODEL_LENGTH + " characters long", "model");
        }
        return text;
    }

    private static final java.util.Set<String> TOOL_CHOICE_MODES = java.util.Set.of("none", "auto", "required");

    /** A {@code tool_choice} given as text must be one of the modes both APIs define (an object is checked by type). */
    public static void requireToolChoiceMode(ObjectNode body) {
        JsonNode choice = body.get("tool_choice");
        if (choice != null && choice.isTextual() && !TOOL_CHOICE_MODES.contains(choice.asText())) {
            throw new RequestValidationException("tool_choice must be \"none\", \"auto\", \"required\" or an object naming"
                    + " a tool", "tool_choice");
        }
    }
}
