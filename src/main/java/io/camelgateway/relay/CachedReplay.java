package io.camelgateway.relay;

import io.camelgateway.api.ClientStream;
import io.camelgateway.cache.AnswerReplay;
import io.camelgateway.cache.CacheLookup;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.Ids;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.usage.AttemptReport;
import io.camelgateway.usage.MeteredUsage;
import io.camelgateway.usage.StreamFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;

/**
 * Answers a request from the response cache, without an upstream call: a whole body, or the complete stream in the
 * client's API, both with fresh ids. The ledger gets one attempt row for it at zero usage (so zero cost).
 */
final class CachedReplay {

    private CachedReplay() {
    }

    /** Writes the hit to the client and waits until it is out; returns the attempt the ledger records. */
    static AttemptReport answer(Exchange exchange, ClientResponse client, ClientTurn turn, CacheLookup hit)
            throws Exception {
        long start = exchange.getProperty(ExchangeKeys.START_NANOS, System.nanoTime(), Long.class);
        TurnResponse stored = hit.answer();
        Map<String, String> headers = new LinkedHashMap<>(TurnPlanner.responseHeaders(exchange));
        headers.put("x-gateway-provider", hit.provider());
        headers.put("x-gateway-model", stored.model());
        double overheadMs = (System.nanoTime() - start) / 1_000_000.0;
        headers.put("x-gateway-overhead-ms", String.format(Locale.ROOT, "%.3f", overheadMs));
        exchange.setProperty(ExchangeKeys.OVERHEAD_MS, overheadMs);
        CompletableFuture<Void> written = new CompletableFuture<>();
        TurnResponse answer;
        if (turn.stream()) {
            Integer inputTokens = exchange.getMessage().getHeader(ExchangeKeys.INPUT_TOKENS, Integer.class);
            ClientStream stream = turn.api().openStream(stored.model(), turn.body(),
                    inputTokens == null ? 0 : inputTokens);
            answer = AnswerReplay.fresh(stored, stream.responseId(), stream.createdAt());
            client.beginStream(headers);
            for (StreamEvent event : AnswerReplay.events(answer)) {
                client.write(stream.encode(event));
            }
            client.end(() -> written.complete(null));
        } else {
            answer = AnswerReplay.fresh(stored, Ids.next("resp_"), System.currentTimeMillis() / 1000);
            client.sendJson(200, turn.api().encodeResponse(answer, stored.model()), headers,
                    () -> written.complete(null));
        }
        written.get(30, TimeUnit.SECONDS);
        hit.replayed();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        return new AttemptReport(hit.provider(), stored.model(), 0, null, 200, null,
                MeteredUsage.reported(Usage.ZERO), elapsedMs, elapsedMs, turn.stream(), true,
                new StreamFacts(toolCalls(answer), "completed"));
    }

    private static List<String> toolCalls(TurnResponse answer) {
        List<String> names = new ArrayList<>();
        for (Item item : answer.output()) {
            if (item instanceof FunctionCall call) {
                names.add(call.name());
            } else if (item instanceof CustomToolCall call) {
                names.add(call.name());
            }
        }
        return names;
    }
}
