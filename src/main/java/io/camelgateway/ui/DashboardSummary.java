package io.camelgateway.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.json.Json;
import io.camelgateway.ledger.UsageReport;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code GET /ui/api/summary} answers for one period. Spend by developer, team and model, the totals, the
 * cheap/flagship split and the savings come from the ledger when it keeps rows (they survive restarts), else from the
 * in-memory window; latency percentiles, cache rates, the time series and the failed turns always come from the window.
 */
final class DashboardSummary {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardSummary.class);
    static final int NAMES_SHOWN = 20;

    private final TurnWindow window;
    private final UsageReport ledger;
    private final Supplier<String> flagship;
    private final Supplier<ObjectNode> providers;

    /** {@code ledger} null when the ledger keeps no rows. */
    DashboardSummary(TurnWindow window, UsageReport ledger, Supplier<String> flagship, Supplier<ObjectNode> providers) {
        this.window = window;
        this.ledger = ledger;
        this.flagship = flagship;
        this.providers = providers;
    }

    ObjectNode build(DashboardPeriod period) {
        WindowView view = window.view(period.length, period.step);
        ObjectNode root = Json.object();
        root.put("period", period.label).put("from", view.from.toString()).put("to", view.to.toString());
        root.put("flagship", flagship.get());
        ObjectNode fromLedger = ledger == null ? null : fromLedger(view.from, view.to);
        root.put("source", fromLedger == null ? "window" : "ledger");
        if (ledger != null && fromLedger == null) {
            root.put("ledger_error", "The ledger database cannot be read right now; spend is from this instance's memory.");
        }
        if (fromLedger != null) {
            root.setAll(fromLedger);
        } else {
            root.set("totals", totals(view.spend).put("cached_input_tokens", view.cachedInputTokens)
                    .put("cache_write_tokens", view.cacheWriteTokens));
            root.set("split", split(view.tiers));
            root.set("savings", Json.object().put("routed_requests", view.routedPriced)
                    .put("cost_usd", view.routedCost).put("flagship_cost_usd", view.routedFlagshipCost)
                    .put("saved_usd", view.routedFlagshipCost - view.routedCost));
            root.set("by_owner", names(view.owners));
            root.set("by_team", names(view.teams));
            root.set("by_model", names(view.models));
        }
        root.set("requests", Json.object().put("total", view.requests).put("failed", view.failedRequests)
                .put("dropped", view.dropped));
        root.set("cache", cache(view));
        ObjectNode latency = root.putObject("latency");
        latency.set("overhead_ms", percentiles(view.overhead));
        latency.set("time_to_first_token_ms", percentiles(view.timeToFirstToken));
        root.set("series", series(view));
        root.set("providers", providers.get().path("providers"));
        root.set("failed", failed(view.failed));
        return root;
    }

    /** Totals, split, savings and per-name spend from the ledger; null when it cannot be read. */
    private ObjectNode fromLedger(Instant from, Instant to) {
        OffsetDateTime start = from.atOffset(ZoneOffset.UTC);
        OffsetDateTime end = to.plusSeconds(1).atOffset(ZoneOffset.UTC);
        try {
            ObjectNode part = Json.object();
            List<UsageReport.Row> all = ledger.rows(List.of(), start, end);
            part.set("totals", all.isEmpty() ? totals(new Spend()) : ledgerTotals(all.get(0)));
            Spend[] tiers = {new Spend(), new Spend(), new Spend()};
            String flagshipModel = flagship.get();
            for (UsageReport.Row row : ledger.rows(List.of("route", "provider", "model"), start, end)) {
                Tier tier = Tier.of(row.groups().get("route"), row.groups().get("provider"), row.groups().get("model"),
                        flagshipModel);
                tiers[tier.ordinal()].addAll(spend(row));
            }
            part.set("split", split(tiers));
            part.set("savings", ledger.savings(start, end));
            part.set("by_owner", names(named(ledger.rows(List.of("owner"), start, end), "owner")));
            part.set("by_team", names(named(ledger.rows(List.of("team"), start, end), "team")));
            part.set("by_model", names(named(ledger.rows(List.of("model"), start, end), "model")));
            return part;
        } catch (SQLException e) {
            LOG.warn("dashboard: the ledger cannot be read (SQL state {})", e.getSQLState());
            return null;
        }
    }

    private static ObjectNode ledgerTotals(UsageReport.Row row) {
        Map<String, BigDecimal> n = row.numbers();
        ObjectNode totals = Json.object().put("turns", n.get("requests").longValue());
        totals.put("cost_usd", n.get("cost_usd") == null ? BigDecimal.ZERO : n.get("cost_usd"));
        return totals.put("unpriced_turns", n.get("unpriced_requests").longValue())
                .put("input_tokens", n.get("input_tokens").longValue())
                .put("cached_input_tokens", n.get("cached_input_tokens").longValue())
                .put("cache_write_tokens", n.get("cache_write_tokens").longValue())
                .put("output_tokens", n.get("output_tokens").longValue());
    }

    private static ObjectNode totals(Spend spend) {
        return Json.object().put("turns", spend.turns).put("cost_usd", spend.costUsd)
                .put("unpriced_turns", spend.unpricedTurns).put("input_tokens", spend.inputTokens)
                .put("output_tokens", spend.outputTokens);
    }

    private static Spend spend(UsageReport.Row row) {
        Map<String, BigDecimal> n = row.numbers();
        Spend spend = new Spend();
        long turns = n.get("requests").longValue();
        long unpriced = n.get("unpriced_requests").longValue();
        spend.turns = turns;
        spend.unpricedTurns = unpriced;
        spend.costUsd = n.get("cost_usd") == null ? 0 : n.get("cost_usd").doubleValue();
        spend.inputTokens = n.get("input_tokens").longValue();
        spend.outputTokens = n.get("output_tokens").longValue();
        return spend;
    }

    private static Map<String, Spend> named(List<UsageReport.Row> rows, String group) {
        Map<String, Spend> sums = new LinkedHashMap<>();
        for (UsageReport.Row row : rows) {
            String name = row.groups().get(group);
            sums.computeIfAbsent(name == null ? "(none)" : name, k -> new Spend()).addAll(spend(row));
        }
        return sums;
    }

    private static ObjectNode split(Spend[] tiers) {
        ObjectNode split = Json.object();
        for (Tier tier : Tier.values()) {
            split.set(tier.label(), spendJson(tiers[tier.ordinal()]));
        }
        return split;
    }

    /** The dearest names first, at most {@link #NAMES_SHOWN}; the rest summed as {@code (other)}. */
    static ArrayNode names(Map<String, Spend> sums) {
        List<Map.Entry<String, Spend>> sorted = new ArrayList<>(sums.entrySet());
        sorted.sort(Comparator.comparingDouble((Map.Entry<String, Spend> e) -> -e.getValue().costUsd)
                .thenComparingLong(e -> -e.getValue().turns).thenComparing(Map.Entry::getKey));
        ArrayNode list = Json.array();
        Spend rest = null;
        for (int i = 0; i < sorted.size(); i++) {
            if (i < NAMES_SHOWN) {
                list.add(spendJson(sorted.get(i).getValue()).put("name", sorted.get(i).getKey()));
            } else {
                rest = rest == null ? new Spend() : rest;
                rest.addAll(sorted.get(i).getValue());
            }
        }
        if (rest != null) {
            list.add(spendJson(rest).put("name", WindowBucket.OTHER));
        }
        return list;
    }

    private static ObjectNode spendJson(Spend spend) {
        return Json.object().put("turns", spend.turns).put("cost_usd", spend.costUsd)
                .put("unpriced_turns", spend.unpricedTurns).put("input_tokens", spend.inputTokens)
                .put("output_tokens", spend.outputTokens);
    }

    private static ObjectNode cache(WindowView view) {
        long looked = view.cacheHits + view.cacheMisses;
        ObjectNode cache = Json.object().put("hits", view.cacheHits).put("misses", view.cacheMisses)
                .put("bypasses", view.cacheBypasses);
        if (looked == 0) {
            cache.putNull("hit_rate");
        } else {
            cache.put("hit_rate", (double) view.cacheHits / looked);
        }
        cache.put("input_tokens", view.spend.inputTokens).put("cached_input_tokens", view.cachedInputTokens)
                .put("cache_write_tokens", view.cacheWriteTokens);
        if (view.spend.inputTokens == 0) {
            cache.putNull("provider_cache_read_share");
        } else {
            cache.put("provider_cache_read_share", (double) view.cachedInputTokens / view.spend.inputTokens);
        }
        return cache;
    }

    private static ObjectNode percentiles(LatencyHistogram histogram) {
        ObjectNode node = Json.object().put("count", histogram.count());
        Double p50 = histogram.percentile(0.50);
        Double p95 = histogram.percentile(0.95);
        if (p50 == null) {
            return node.putNull("p50").putNull("p95");
        }
        return node.put("p50", round(p50)).put("p95", round(p95));
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    private static ObjectNode series(WindowView view) {
        ObjectNode series = Json.object().put("step_seconds", view.step.toSeconds());
        ArrayNode points = series.putArray("points");
        long stepMs = view.step.toMillis();
        for (int i = 0; i < view.series.length; i++) {
            WindowView.Point point = view.series[i];
            points.addObject().put("t", Instant.ofEpochMilli(view.seriesStart + i * stepMs).toString())
                    .put("requests", point.requests).put("failed", point.failed).put("cost_usd", point.costUsd)
                    .put("tokens", point.tokens);
        }
        return series;
    }

    private static ArrayNode failed(List<FailedTurn> turns) {
        ArrayNode list = Json.array();
        for (FailedTurn turn : turns) {
            list.addObject().put("time", turn.time().toString()).put("client_api", turn.clientApi())
                    .put("requested_model", turn.requestedModel()).put("provider", turn.provider())
                    .put("model", turn.model()).put("route", turn.route()).put("owner", turn.owner())
                    .put("team", turn.team()).put("status", turn.status()).put("error_code", turn.errorCode());
        }
        return list;
    }
}
