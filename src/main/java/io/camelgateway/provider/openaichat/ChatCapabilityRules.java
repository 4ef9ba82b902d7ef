package io.camelgateway.provider.openaichat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * How a chat server's capability flags ({@link io.camelgateway.provider.ProviderOptions.ChatCapabilities}) change
 * the request: images refused, parallel calls serialised, reasoning of the current tool loop sent back.
 */
final class ChatCapabilityRules {

    static final String UNSUPPORTED_CONTENT = "unsupported_content";
    static final String IMAGE_LEFT_OUT = "(the tool returned an image, which this model cannot take; it was left out)";

    private ChatCapabilityRules() {
    }

    /**
     * A user's image is refused before anything goes upstream: the model would fail on it or ignore it silently.
     * An image a tool returned (Codex's view_image) is replaced by a note instead, so that one tool call does not
     * make every later turn of the session fail.
     */
    static void refuseImages(TurnRequest request) {
        for (Item item : request.input()) {
            if (item instanceof Message m && m.role() != Role.ASSISTANT
                    && m.content().stream().anyMatch(part -> part instanceof ContentPart.Image)) {
                throw new GatewayException(new TurnError(400, "invalid_request_error", UNSUPPORTED_CONTENT,
                        "Model '" + request.model() + "' does not take images: send the turn without the image or "
                                + "use a model that accepts images.", null, null));
            }
        }
    }

    static ToolOutput withoutImages(ToolOutput output) {
        if (output == null || output.isText()) {
            return output;
        }
        List<ContentPart> parts = new ArrayList<>();
        for (ContentPart part : output.parts()) {
            parts.add(part instanceof ContentPart.Image ? ContentPart.text(IMAGE_LEFT_OUT) : part);
        }
        return ToolOutput.ofParts(parts);
    }

    /** The position just after the last user message: the tool loop of the turn being answered starts there. */
    static int currentToolLoopStart(List<Item> input) {
        for (int i = input.size() - 1; i >= 0; i--) {
            if (input.get(i) instanceof Message m && m.role() == Role.USER) {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * Reasoning a chat server wrote (plain text, no signature) is sent back; another provider's (signed or in the
     * gateway's envelope) would mean nothing to it.
     */
    static void appendOwnReasoning(StringBuilder out, Reasoning reasoning) {
        if (reasoning.encryptedContent() != null && !reasoning.encryptedContent().isBlank()) {
            return;
        }
        List<String> texts = !reasoning.content().isEmpty() ? reasoning.content() : reasoning.summary();
        for (String text : texts) {
            if (text != null && !text.isEmpty()) {
                out.append(out.length() == 0 ? "" : "\n\n").append(text);
            }
        }
    }

    /**
     * An assistant message with several tool calls, followed by their tool messages, becomes one assistant message
     * per call, each followed by its own tool message, in the original order: the history a server that does not
     * do parallel calls could have produced. Anything else is kept as it is.
     */
    static ArrayNode oneCallPerTurn(ArrayNode messages) {
        ArrayNode out = messages.arrayNode();
        int i = 0;
        while (i < messages.size()) {
            JsonNode message = messages.get(i);
            JsonNode calls = message.path("tool_calls");
            if (!"assistant".equals(message.path("role").asText()) || calls.size() < 2) {
                out.add(message);
                i++;
                continue;
            }
            int next = i + 1;
            List<JsonNode> outputs = new ArrayList<>();
            while (next < messages.size() && "tool".equals(messages.get(next).path("role").asText())) {
                outputs.add(messages.get(next++));
            }
            for (int c = 0; c < calls.size(); c++) {
                ObjectNode single = ((ObjectNode) message).deepCopy();
                single.putArray("tool_calls").add(calls.get(c).deepCopy());
                if (c > 0) {
                    single.putNull("content");
                    single.remove(List.of("reasoning_content", "reasoning"));
                }
                out.add(single);
                String id = calls.get(c).path("id").asText();
                outputs.removeIf(output -> {
                    if (id.equals(output.path("tool_call_id").asText())) {
                        out.add(output);
                        return true;
                    }
                    return false;
                });
            }
            outputs.forEach(out::add);
            i = next;
        }
        return out;
    }
}
