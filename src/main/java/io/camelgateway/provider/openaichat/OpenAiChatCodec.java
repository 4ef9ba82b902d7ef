package io.camelgateway.provider.openaichat;

import io.camelgateway.usage.UsageTaps;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TranslatingCodec;
import io.camelgateway.provider.ModelLister;
import io.camelgateway.provider.openai.OpenAiModelLister;
import io.camelgateway.provider.openai.OpenAiRelay;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** OpenAI Chat Completions and the servers that copy it (vLLM, Ollama, Groq, DeepSeek, Mistral, ...). */
public final class OpenAiChatCodec implements TranslatingCodec {

    public static final String PROTOCOL = "openai-chat";

    private final OpenAiChatRequestMapper requests = new OpenAiChatRequestMapper();
    private final OpenAiChatResponseMapper responses = new OpenAiChatResponseMapper();
    private final OpenAiChatErrorMapper errors = new OpenAiChatErrorMapper();

    public OpenAiChatCodec() {
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public ToolNameRules toolNameRules() {
        return ToolNameRules.OPENAI;
    }

    @Override
    public UpstreamRequest encodeRequest(TurnContext context) {
        Map<String, String> headers = new LinkedHashMap<>();
        String apiKey = context.target().apiKey();
        if (apiKey != null) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        headers.put("content-type", "application/json");
        try {
            byte[] body = OpenAiChatRequestMapper.JSON.writeValueAsBytes(requests.toBody(context));
            return new UpstreamRequest("/chat/completions", headers, body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chat request is not serialisable", e);
        }
    }

    @Override
    public TurnResponse decodeResponse(byte[] body, TurnContext context) {
        return responses.decode(body, context);
    }

    @Override
    public ProviderStreamTranslator newStreamTranslator(TurnContext context, TurnStreamAssembler assembler) {
        return new OpenAiChatStreamTranslator(context, assembler);
    }

    @Override
    public TurnError mapError(int status, Function<String, String> headers, byte[] body, TurnContext context) {
        return errors.map(context.target().provider(), status, headers, body);
    }

    /** A Chat Completions client is relayed unchanged; any other client is translated to Chat Completions. */
    @Override
    public String streamWire() {
        return UsageTaps.CHAT;
    }

    @Override
    public ProviderCall relayUnchanged(ClientTurn turn, ProviderTarget target) {
        return turn.speaks(OpenAiRelay.CHAT_WIRE) ? OpenAiRelay.forClient(turn, target) : null;
    }

    /** OpenAI-compatible servers (vLLM, Ollama, LM Studio, Groq…) list what they serve at {@code GET /models}. */
    @Override
    public ModelLister modelLister() {
        return new OpenAiModelLister();
    }
}
