package io.camelgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.Ids;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.canonical.Usage;
import io.camelgateway.http.SseEvent;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.UpstreamErrors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gemini {@code streamGenerateContent?alt=sse} chunks (each a {@code GenerateContentResponse} holding the next
 * parts) → {@link TurnStreamAssembler}. Consecutive {@code thought} parts form one reasoning item (their text the
 * summary), consecutive text parts one message, each {@code functionCall} one call with a generated call id.
 *
 * <p>A {@code thoughtSignature} travels in a reasoning item ({@link GeminiSignatures}) placed next to the part it
 * sat on: a signed call's signature goes in the reasoning item just before the call (the thought summary's item
 * when one is open), a signed text's in a reasoning item right after the message. Gemini's stream has no end event:
 * the turn finishes when the body ends after a chunk with a {@code finishReason} (usage may come in a later chunk);
 * a body that ends before one was cut.
 */
public final class GeminiStreamTranslator implements ProviderStreamTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(GeminiStreamTranslator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TurnStreamAssembler assembler;
    private final String provider;
    private final String envelopeProtocol;

    private int openMessage = -1;
    private String messageSignature;
    private int openReasoning = -1;
    private final StringBuilder reasoningText = new StringBuilder();
    private final List<GeminiSignatures.Signed> reasoningSignatures = new ArrayList<>();
    private StreamedCall streamedCall;

    private String finishReason;
    private String finishMessage;
    private TurnError terminalError;

    /** {@code envelopeProtocol} tags the signatures this stream hands out (see {@link GeminiRequestMapper}). */
    public GeminiStreamTranslator(TurnStreamAssembler assembler, String provider, String envelopeProtocol) {
        this.assembler = assembler;
        this.provider = provider;
        this.envelopeProtocol = envelopeProtocol;
    }

    @Override
    public void onEvent(SseEvent event) {
        if (assembler.isTerminated() || terminalError != null) {
            return;
        }
        JsonNode chunk = parse(event.data());
        if (chunk == null) {
            return;
        }
        if (chunk.isArray()) {
            chunk.forEach(this::onChunk); // streamGenerateContent without alt=sse sends one JSON array
        } else {
            onChunk(chunk);
        }
    }

    private void onChunk(JsonNode chunk) {
        if (terminalError != null || !chunk.isObject()) {
            return;
        }
        assembler.start();
        if (chunk.has("error")) {
            terminalError = GeminiErrorMapper.streamError(provider, chunk.get("error"));
            fail();
            return;
        }
        readUsage(chunk.path("usageMetadata"));
        String blocked = chunk.path("promptFeedback").path("blockReason").asText(null);
        if (blocked != null && !blocked.isEmpty()) {
            terminalError = GeminiFinish.promptBlocked(provider, blocked,
                    chunk.path("promptFeedback").path("blockReasonMessage").asText(null));
            fail();
            return;
        }
        JsonNode candidate = chunk.path("candidates").path(0);
        for (JsonNode part : candidate.path("content").path("parts")) {
            onPart(part);
        }
        String reason = candidate.path("finishReason").asText(null);
        if (reason != null && !reason.isEmpty()) {
            finishReason = reason;
            finishMessage = candidate.path("finishMessage").asText(null);
        }
    }

    @Override
    public void onEnd() {
        if (assembler.isTerminated()) {
            return;
        }
        if (terminalError != null) {
            fail();
            return;
        }
        if (finishReason == null) {
            assembler.fail(UpstreamErrors.streamInterrupted(provider));
            return;
        }
        TurnError error = GeminiFinish.error(provider, finishReason, finishMessage);
        if (error != null) {
            terminalError = error;
            fail();
            return;
        }
        closeRuns();
        assembler.finish(GeminiFinish.stopReason(finishReason));
    }

    private void fail() {
        if (!assembler.isTerminated()) {
            assembler.fail(terminalError);
        }
    }

    // ---- parts -------------------------------------------------------------------------------------------------

    private void onPart(JsonNode part) {
        String signature = part.path("thoughtSignature").asText("");
        JsonNode call = part.get("functionCall");
        if (call != null && call.isObject()) {
            onFunctionCall(call, signature);
        } else if (part.has("text") && part.path("thought").asBoolean(false)) {
            onThought(part.path("text").asText(""), signature);
        } else if (part.has("text")) {
            onText(part.path("text").asText(""), signature);
        } else if (!signature.isEmpty() && isBare(part)) {
            onText("", signature); // a signature on a part with no data: kept as on an empty text part
        } else if (!signature.isEmpty()) {
            LOG.debug("Dropping a thought signature on a part the gateway does not relay");
        } else {
            LOG.debug("Skipping a Gemini part of a kind the gateway does not relay: {}", part.fieldNames().hasNext()
                    ? part.fieldNames().next() : "empty");
        }
    }

    private static boolean isBare(JsonNode part) {
        for (Iterator<String> names = part.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("thoughtSignature") && !name.equals("thought")) {
                return false;
            }
        }
        return true;
    }

    private void onThought(String text, String signature) {
        closeMessage();
        closeStreamedCall();
        if (openReasoning < 0) {
            openReasoning = assembler.openReasoning();
        }
        reasoningText.append(text);
        assembler.appendReasoningSummary(openReasoning, text);
        if (!signature.isEmpty()) {
            reasoningSignatures.add(new GeminiSignatures.Signed(GeminiSignatures.On.THOUGHT, signature, null,
                    reasoningText.toString()));
        }
    }

    private void onText(String text, String signature) {
        if (text.isEmpty() && openMessage < 0) {
            if (!signature.isEmpty()) {
                // a signature on an empty text part with no text before it: it is put back on such a part
                closeReasoning();
                closeStreamedCall();
                signatureItem(new GeminiSignatures.Signed(GeminiSignatures.On.EMPTY_TEXT, signature, null, null));
            }
            return;
        }
        closeReasoning();
        closeStreamedCall();
        if (openMessage < 0) {
            openMessage = assembler.openMessage();
        }
        assembler.appendText(openMessage, text);
        if (!signature.isEmpty()) {
            messageSignature = signature;
        }
    }

    private void onFunctionCall(JsonNode call, String signature) {
        if (streamedCall != null) {
            if (streamedCall.feed(call)) {
                closeStreamedCall();
            }
            return;
        }
        String name = call.path("name").asText("");
        if (name.isEmpty()) {
            LOG.debug("Skipping a Gemini functionCall part without a name");
            return;
        }
        closeMessage();
        String callId = Ids.next(GeminiContentMapper.CALL_ID_PREFIX);
        if (!signature.isEmpty()) {
            GeminiSignatures.Signed signed = new GeminiSignatures.Signed(GeminiSignatures.On.FUNCTION_CALL, signature,
                    callId, null);
            if (openReasoning >= 0) {
                reasoningSignatures.add(signed);
                closeReasoning();
            } else {
                signatureItem(signed);
            }
        } else {
            closeReasoning();
        }
        int index = assembler.openToolCall(callId, name);
        if (call.path("willContinue").asBoolean(false)) {
            // Vertex's streamed arguments: partialArgs follow in later parts, an empty functionCall ends them
            streamedCall = new StreamedCall(index);
            streamedCall.feed(call);
            return;
        }
        JsonNode args = call.get("args");
        assembler.appendToolArguments(index, args != null && args.isObject() ? args.toString() : "{}");
        assembler.closeItem(index);
    }

    /** A reasoning item with no summary, carrying one signature. */
    private void signatureItem(GeminiSignatures.Signed signed) {
        int index = assembler.openReasoning();
        assembler.setReasoningEncrypted(index, GeminiSignatures.wrap(envelopeProtocol, List.of(signed)));
        assembler.closeItem(index);
    }

    // ---- runs --------------------------------------------------------------------------------------------------

    private void closeRuns() {
        closeStreamedCall();
        closeMessage();
        closeReasoning();
    }

    private void closeMessage() {
        if (openMessage < 0) {
            return;
        }
        assembler.closeItem(openMessage);
        openMessage = -1;
        if (messageSignature != null) {
            signatureItem(new GeminiSignatures.Signed(GeminiSignatures.On.TEXT, messageSignature, null, null));
            messageSignature = null;
        }
    }

    private void closeReasoning() {
        if (openReasoning < 0) {
            return;
        }
        if (!reasoningSignatures.isEmpty()) {
            assembler.setReasoningEncrypted(openReasoning, GeminiSignatures.wrap(envelopeProtocol, reasoningSignatures));
        }
        assembler.closeItem(openReasoning);
        openReasoning = -1;
        reasoningText.setLength(0);
        reasoningSignatures.clear();
    }

    private void closeStreamedCall() {
        if (streamedCall != null) {
            assembler.appendToolArguments(streamedCall.index, streamedCall.args.toString());
            assembler.closeItem(streamedCall.index);
            streamedCall = null;
        }
    }

    // ---- usage -------------------------------------------------------------------------------------------------

    /** Each chunk's {@code usageMetadata} holds the totals so far; the last one seen is the turn's. */
    private void readUsage(JsonNode usage) {
        if (!usage.isObject() || !usage.has("promptTokenCount")) {
            return;
        }
        assembler.setUsage(usage(usage));
    }

    /**
     * Gemini's counts in the canonical convention: input is the prompt (cached tokens included, as Gemini counts
     * them) plus tool-use prompt tokens; output is the candidates plus the thoughts, the thoughts being the reasoning.
     */
    static Usage usage(JsonNode usage) {
        long prompt = usage.path("promptTokenCount").asLong(0) + usage.path("toolUsePromptTokenCount").asLong(0);
        long thoughts = usage.path("thoughtsTokenCount").asLong(0);
        return new Usage(prompt, usage.path("cachedContentTokenCount").asLong(0), 0,
                usage.path("candidatesTokenCount").asLong(0) + thoughts, thoughts);
    }

    private static JsonNode parse(String data) {
        if (data == null || data.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(data);
        } catch (Exception e) {
            LOG.debug("Ignoring Gemini stream event whose data is not JSON");
            return null;
        }
    }

    /** A call whose arguments Vertex streams as {@code partialArgs}; an empty {@code functionCall} ends it. */
    private static final class StreamedCall {
        final int index;
        final ObjectNode args = JSON.createObjectNode();

        StreamedCall(int index) {
            this.index = index;
        }

        /** Takes one functionCall part; true when it ended the call. */
        boolean feed(JsonNode call) {
            JsonNode args = call.get("args");
            if (args != null && args.isObject()) {
                this.args.setAll((ObjectNode) args);
            }
            for (JsonNode partial : call.path("partialArgs")) {
                GeminiPartialArgs.apply(this.args, partial);
            }
            return !call.path("willContinue").asBoolean(false) && !call.has("partialArgs") && !call.has("name");
        }
    }
}
