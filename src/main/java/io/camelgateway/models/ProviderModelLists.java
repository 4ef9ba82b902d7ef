package io.camelgateway.models;

import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.http.UpstreamHttp;
import io.camelgateway.provider.ModelLister;
import io.camelgateway.provider.ProviderOptions;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.UpstreamRequest;
import io.camelgateway.secrets.SecretRedactor;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ExchangeBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models each provider says it serves, for the catalog: asked with the provider protocol's {@link ModelLister}
 * (none for protocols without a list), sent with the non-blocking upstream client and kept for a TTL. Nobody waits
 * for a list: a stale one is refreshed in the background while the last answer is served, and a provider that
 * cannot be asked (no list, no key, down) simply lists nothing (its models are still listed once used, and by the
 * catalog's per-provider defaults).
 */
public final class ProviderModelLists {

    /** More than this many models of one provider are not listed (OpenRouter serves hundreds). */
    static final int MAX_PER_PROVIDER = 200;

    private static final Logger LOG = LoggerFactory.getLogger(ProviderModelLists.class);

    private record Listing(List<String> ids, long fetchedAtMs) {
    }

    private record Where(String protocol, String baseUrl, String apiKey) {
    }

    private final CamelContext camel;
    private final ProviderDirectory providers;
    private final Function<String, ModelLister> listers;
    private final UpstreamHttp http;
    private final long ttlMs;
    private final int timeoutMs;
    private final Clock clock;
    private final Map<String, Listing> lists = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile ProducerTemplate producer;

    /**
     * @param listers   the lister of a protocol, or null
     * @param ttlMs     how long a list is served before it is asked again; 0 turns listing off
     * @param timeoutMs connect and idle timeout of one list request
     */
    public ProviderModelLists(CamelContext camel, ProviderDirectory providers, Function<String, ModelLister> listers,
                              UpstreamHttp http, long ttlMs, int timeoutMs, Clock clock) {
        this.camel = camel;
        this.providers = providers;
        this.listers = listers;
        this.http = http;
        this.ttlMs = ttlMs;
        this.timeoutMs = timeoutMs;
        this.clock = clock;
    }

    /** The ids each configured provider listed when last asked; starts refreshing the stale lists. */
    public Map<String, List<String>> current() {
        refreshStale();
        Map<String, List<String>> out = new TreeMap<>();
        lists.forEach((provider, listing) -> {
            if (!listing.ids().isEmpty() && providers.exists(provider)) {
                out.put(provider, listing.ids());
            }
        });
        return out;
    }

    /** Asks every provider whose list is missing or older than the TTL, in the background. */
    public void refreshStale() {
        if (ttlMs <= 0) {
            return;
        }
        long now = clock.millis();
        for (String provider : providers.names()) {
            Listing listing = lists.get(provider);
            if ((listing == null || now - listing.fetchedAtMs() >= ttlMs) && inFlight.add(provider)) {
                fetch(provider);
            }
        }
    }

    private void fetch(String provider) {
        ModelLister lister;
        Where where;
        try {
            where = where(provider);
            lister = where == null ? null : listers.apply(where.protocol());
        } catch (RuntimeException e) {
            LOG.debug("provider {}: its route could not be read for its model list: {}", provider, e.toString());
            done(provider, null);
            return;
        }
        if (lister == null) {
            done(provider, List.of());
            return;
        }
        UpstreamRequest request = lister.request(new ProviderTarget(provider, where.protocol(), where.baseUrl(),
                where.apiKey(), "", ProviderOptions.NONE));
        String uri = where.baseUrl() + request.path();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri)
                .setProxyOptions(http.proxyFor(uri)).setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs);
        request.headers().forEach(options::putHeader);
        http.client().request(options)
                .compose(sent -> sent.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture("HTTP " + response.statusCode()))
                .onComplete(answer -> {
                    List<String> ids = null;
                    if (answer.succeeded()) {
                        try {
                            List<String> all = lister.modelIds(answer.result().getBytes());
                            ids = List.copyOf(all.subList(0, Math.min(all.size(), MAX_PER_PROVIDER)));
                        } catch (RuntimeException e) {
                            LOG.debug("provider {}: unreadable model list: {}", provider, e.getMessage());
                        }
                    } else {
                        LOG.debug("provider {}: no model list ({})", provider,
                                SecretRedactor.redact(String.valueOf(answer.cause().getMessage())));
                    }
                    done(provider, ids);
                });
    }

    /** Keeps a new list, or on failure the previous one (a provider briefly down keeps its models listed). */
    private void done(String provider, List<String> ids) {
        Listing previous = lists.get(provider);
        List<String> kept = ids != null ? ids : previous != null ? previous.ids() : List.of();
        lists.put(provider, new Listing(kept, clock.millis()));
        inFlight.remove(provider);
    }

    /** Runs the provider's route on a scratch exchange, as a turn would, and reads where it points. */
    private Where where(String provider) {
        Exchange scratch = ExchangeBuilder.anExchange(camel).withProperty(ExchangeKeys.PROVIDER, provider)
                .withProperty(ExchangeKeys.UPSTREAM_MODEL, "").build();
        producer().send("direct:" + ProviderDirectory.ROUTE_PREFIX + provider, scratch);
        String protocol = scratch.getProperty(ExchangeKeys.PROTOCOL, String.class);
        String baseUrl = scratch.getProperty(ExchangeKeys.BASE_URL, String.class);
        if (scratch.getException() != null || protocol == null || baseUrl == null || baseUrl.isBlank()) {
            return null;
        }
        String keyName = scratch.getProperty(ExchangeKeys.API_KEY_NAME, String.class);
        String key = keyName == null || keyName.isBlank() ? null : camel.getPropertiesComponent()
                .resolveProperty(keyName.trim()).map(String::trim).filter(k -> !k.isEmpty()).orElse(null);
        SecretRedactor.register(key);
        String url = baseUrl.trim();
        return new Where(protocol.trim(), url.endsWith("/") ? url.substring(0, url.length() - 1) : url, key);
    }

    private ProducerTemplate producer() {
        ProducerTemplate template = producer;
        if (template == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = camel.createProducerTemplate();
                }
                template = producer;
            }
        }
        return template;
    }
}
