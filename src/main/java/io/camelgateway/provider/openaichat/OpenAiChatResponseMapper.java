package io.camelgateway.provider.openaichat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.canonical.Usage;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamErrors;
import java.io.IOException;

/** A complete {@code chat.completion} body → canonical response, built through a silent assembler. */
public final class OpenAiChatResponseMapper {

    public TurnResponse decode(byte[] body, TurnContext context) {
        TurnStreamAssembler assembler = new TurnStreamAssembler(event -> { }, context.tools(),
                context.request().model());
        JsonNode root;
        try {
            root = OpenAiChatRequestMapper.JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        String provider = context.target().provider();
        if (root == null || !root.isObject()) {
            // a whole answer that cannot be read is the provider's failure: the relay answers 502
            throw new IllegalArgumentException("chat completion response is not a JSON object");
        }
        if (root.has("error") && !root.get("error").isNull()) {
            JsonNode error = root.get("error");
            return assembler.fail(UpstreamErrors.streamError(provider,
                    error.path("type").asText(error.path("code").asText(null)), error.path("message").asText(null)));
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        String reasoning = OpenAiChatWire.reasoning(message);
        if (reasoning != null && !reasoning.isEmpty()) {
            int index = assembler.openReasoning();
            assembler.appendReasoningSummary(index, reasoning);
            assembler.closeItem(index);
        }
        String text = OpenAiChatWire.text(message, "content");
        if (text == null) {
            text = OpenAiChatWire.text(message, "refusal");
        }
        if (text != null && !text.isEmpty()) {
            int index = assembler.openMessage();
            assembler.appendText(index, text);
            assembler.closeItem(index);
        }
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            addCall(assembler, OpenAiChatWire.text(call, "id"), function);
        }
        if (message.path("function_call").isObject()) {
            addCall(assembler, null, message.get("function_call"));
        }
        Usage usage = OpenAiChatWire.usage(root.get("usage"));
        if (usage != null) {
            assembler.setUsage(usage);
        }
        return assembler.finish(OpenAiChatWire.stopReason(OpenAiChatWire.text(choice, "finish_reason")));
    }

    private static void addCall(TurnStreamAssembler assembler, String id, JsonNode function) {
        int index = assembler.openToolCall(id, function.path("name").asText());
        assembler.appendToolArguments(index, OpenAiChatWire.arguments(function));
        assembler.closeItem(index);
    }
}
