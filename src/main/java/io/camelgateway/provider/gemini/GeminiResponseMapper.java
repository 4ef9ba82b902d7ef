package io.camelgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.http.SseEvent;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamAnswerRefused;
import java.io.IOException;

/**
 * A whole {@code generateContent} response → {@link TurnResponse}. It has the shape of one stream chunk holding
 * every part, so it goes through the {@link GeminiStreamTranslator} as a one-chunk stream: both paths produce the same
 * items. A blocked prompt or response, or a malformed call, is thrown as {@link UpstreamAnswerRefused} (Gemini
 * answers those with 200), so the client gets an error status and the gateway may retry what is worth retrying.
 */
public final class GeminiResponseMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String envelopeProtocol;

    public GeminiResponseMapper(String envelopeProtocol) {
        this.envelopeProtocol = envelopeProtocol;
    }

    public TurnResponse map(byte[] body, TurnContext context) {
        JsonNode response;
        try {
            response = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Gemini response is not JSON", e);
        }
        if (response == null || !response.isObject()) {
            throw new IllegalArgumentException("Gemini response is not a JSON object");
        }
        TurnResponse[] terminal = new TurnResponse[1];
        TurnStreamAssembler assembler = new TurnStreamAssembler(event -> {
            if (event instanceof StreamEvent.Finished finished) {
                terminal[0] = finished.response();
            } else if (event instanceof StreamEvent.Failed failed) {
                terminal[0] = failed.response();
            }
        }, context.tools(), context.request().model());
        GeminiStreamTranslator translator = new GeminiStreamTranslator(assembler, context.target().provider(),
                envelopeProtocol);
        translator.onEvent(new SseEvent(null, response.toString()));
        translator.onEnd();
        if (terminal[0].error() != null) {
            throw new UpstreamAnswerRefused(terminal[0].error());
        }
        return terminal[0];
    }
}
