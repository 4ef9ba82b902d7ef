package io.camelgateway.provider;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.camelgateway.api.ClientStream;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.http.SseEvent;
import io.camelgateway.json.Json;
import io.camelgateway.usage.MeteredUsage;
import io.camelgateway.usage.StreamFacts;
import io.camelgateway.usage.UsageTap;
import io.camelgateway.usage.UsageTaps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A call whose client speaks the provider's own wire format: the request went up with only what the codec had to
 * change (model, auth), and the answer's bytes come back as they are. Only stream continuity is the gateway's: a
 * stream the provider cut still ends in the client API's terminal event.
 */
public final class RelayedCall implements ProviderCall {

    /** Maps an error answer to the client-facing error: {@code (status, headers, body)}. */
    public interface ErrorMapper {
        TurnError map(int status, Function<String, String> headers, byte[] body);
    }

    private static final byte[] KEEP_ALIVE_COMMENT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final UpstreamRequest request;
    private final ProviderTarget target;
    private final ErrorMapper errors;
    private final String wire;
    private final boolean holdBackUsageChunk;
    private final UnaryOperator<String> answerRewrite;
    private final Supplier<AnswerCapture> capture;

    public RelayedCall(UpstreamRequest request, ProviderTarget target, ErrorMapper errors) {
        this(request, target, errors, null, false);
    }

    /**
     * {@code wire}: the stream's wire format, read for usage; {@code holdBackUsageChunk}: the request asked for a
     * usage-only chunk the client did not ask for, so it is read but not relayed.
     */
    public RelayedCall(UpstreamRequest request, ProviderTarget target, ErrorMapper errors, String wire,
                       boolean holdBackUsageChunk) {
        this(request, target, errors, wire, holdBackUsageChunk, null, null);
    }

    private RelayedCall(UpstreamRequest request, ProviderTarget target, ErrorMapper errors, String wire,
                        boolean holdBackUsageChunk, UnaryOperator<String> answerRewrite,
                        Supplier<AnswerCapture> capture) {
        this.request = request;
        this.target = target;
        this.errors = errors;
        this.wire = wire;
        this.holdBackUsageChunk = holdBackUsageChunk;
        this.answerRewrite = answerRewrite;
        this.capture = capture;
    }

    /**
     * This call, with each JSON payload of the answer (a stream event's data, or the whole body) passed through
     * {@code rewrite} on its way to the client: for a codec that must mark something in an otherwise relayed answer.
     */
    public RelayedCall rewritingAnswers(UnaryOperator<String> rewrite) {
        return new RelayedCall(request, target, errors, wire, holdBackUsageChunk, rewrite, capture);
    }

    /** This call, able to rebuild its answer in canonical form through {@code captures} (the codec's mappers). */
    public RelayedCall capturingWith(Supplier<AnswerCapture> captures) {
        return new RelayedCall(request, target, errors, wire, holdBackUsageChunk, answerRewrite, captures);
    }

    @Override
    public AnswerCapture answerCapture() {
        return capture == null ? null : capture.get();
    }

    /** The wire format of the relayed answer; null when not read. */
    public String wire() {
        return wire;
    }

    @Override
    public UpstreamRequest request() {
        return request;
    }

    @Override
    public List<String> droppedTools() {
        return List.of();
    }

    @Override
    public TurnError mapError(int status, Function<String, String> headers, byte[] body) {
        return errors.map(status, headers, body);
    }

    @Override
    public byte[] clientBody(byte[] upstreamBody) {
        // relayed unchanged, but never as a 200 when it is cut or garbled: the relay answers 502 instead
        if (!isJsonObject(upstreamBody)) {
            throw new IllegalArgumentException("the provider's answer is not a JSON object");
        }
        if (answerRewrite != null) {
            return answerRewrite.apply(new String(upstreamBody, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        return upstreamBody;
    }

    /** One complete JSON object and nothing after it, checked without building a tree. */
    private static boolean isJsonObject(byte[] body) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public UsageTap wholeAnswer(byte[] upstreamBody) {
        UsageTap tap = UsageTaps.forWire(wire, UsageTap.estimateFromRequest(request.body()), false);
        if (tap != null) {
            tap.wholeBody(upstreamBody);
        }
        return tap;
    }

    @Override
    public CallStream openStream(ClientStream client, boolean continuing, Consumer<List<byte[]>> out) {
        return new Relayed(client, out, UsageTaps.forWire(wire, UsageTap.estimateFromRequest(request.body()),
                holdBackUsageChunk));
    }

    private final class Relayed implements CallStream {

        private final ClientStream client;
        private final Consumer<List<byte[]>> out;
        private final UsageTap usage;
        private boolean terminated;

        Relayed(ClientStream client, Consumer<List<byte[]>> out, UsageTap usage) {
            this.client = client;
            this.out = out;
            this.usage = usage;
        }

        @Override
        public void onEvent(SseEvent event) {
            if (client.isTerminal(event.event(), event.data())) {
                terminated = true;
            }
            if (usage != null && !usage.onEvent(event.event(), event.data())) {
                return;
            }
            String data = client.relayed(event.event(), event.data());
            if (data == null) {
                return;
            }
            if (answerRewrite != null) {
                data = answerRewrite.apply(data);
            }
            StringBuilder frame = new StringBuilder(data.length() + 32);
            if (event.event() != null) {
                frame.append("event: ").append(event.event()).append('\n');
            }
            for (String line : data.split("\n", -1)) {
                frame.append("data: ").append(line).append('\n');
            }
            frame.append('\n');
            out.accept(List.of(frame.toString().getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public TurnError end() {
            if (terminated) {
                return null;
            }
            TurnError cut = UpstreamErrors.streamInterrupted(target.provider());
            fail(cut);
            return cut;
        }

        @Override
        public void fail(TurnError error) {
            if (!terminated) {
                terminated = true;
                out.accept(client.relayFailure(error, target.upstreamModel()));
            }
        }

        @Override
        public void keepAlive() {
            out.accept(List.of(KEEP_ALIVE_COMMENT));
        }

        @Override
        public MeteredUsage usage() {
            return usage == null ? null : usage.result();
        }

        @Override
        public StreamFacts facts() {
            return usage == null ? null : usage.facts();
        }
    }
}
