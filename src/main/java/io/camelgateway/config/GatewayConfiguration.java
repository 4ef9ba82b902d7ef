package io.camelgateway.config;

import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.ClientApis;
import io.camelgateway.api.chat.ChatApiCodec;
import io.camelgateway.api.messages.MessagesApiCodec;
import io.camelgateway.api.responses.ResponsesApiCodec;
import io.camelgateway.api.responses.ResponsesCompactApiCodec;
import io.camelgateway.provider.anthropic.AnthropicCodec;
import io.camelgateway.provider.gemini.GeminiCodec;
import io.camelgateway.provider.bedrock.BedrockCodec;
import io.camelgateway.provider.azure.AzureOpenAiCodec;
import io.camelgateway.provider.openai.OpenAiCodec;
import io.camelgateway.provider.openaichat.OpenAiChatCodec;
import io.camelgateway.provider.promptcache.PromptCachePolicy;
import io.camelgateway.provider.vertex.VertexAnthropicCodec;
import io.camelgateway.provider.vertex.VertexAuth;
import io.camelgateway.provider.vertex.VertexCodec;
import io.camelgateway.provider.vertex.VertexGeminiCodec;
import io.camelgateway.db.DatabaseSettings;
import io.camelgateway.db.GatewayDatabase;
import io.camelgateway.entry.CountTokensEndpoint;
import io.camelgateway.entry.ErrorResponder;
import io.camelgateway.entry.TurnEntry;
import io.camelgateway.http.UpstreamHttp;
import io.camelgateway.keys.Authenticator;
import io.camelgateway.keys.KeySetup;
import io.camelgateway.keys.VirtualKeys;
import io.camelgateway.keys.admin.KeyAdmin;
import io.camelgateway.keys.admin.TeamAdmin;
import io.camelgateway.models.FallbackChains;
import io.camelgateway.models.ModelCatalog;
import io.camelgateway.models.ModelResolver;
import io.camelgateway.models.ProviderDirectory;
import io.camelgateway.models.ProviderModelLists;
import io.camelgateway.ledger.AdminUsage;
import io.camelgateway.cache.CacheSettings;
import io.camelgateway.cache.ResponseCache;
import io.camelgateway.ledger.Ledger;
import io.camelgateway.ledger.LedgerSetup;
import io.camelgateway.ledger.LedgerSpend;
import io.camelgateway.ledger.PriceFile;
import io.camelgateway.ledger.UsageReport;
import io.camelgateway.limits.KeyStoreLimits;
import io.camelgateway.limits.LimitCheck;
import io.camelgateway.limits.Limits;
import io.camelgateway.limits.LimitsLookup;
import io.camelgateway.limits.SettingsLimits;
import io.camelgateway.metrics.GatewayMetrics;
import io.camelgateway.observe.GatewayEventListeners;
import io.camelgateway.observe.TurnObservers;
import io.camelgateway.trace.GatewayTracing;
import io.camelgateway.trace.TracingObserver;
import io.camelgateway.trace.TracingSetup;
import io.camelgateway.metrics.LimitMeters;
import io.camelgateway.shared.SharedSetup;
import io.camelgateway.shared.SharedState;
import io.camelgateway.ops.AdminAccess;
import io.camelgateway.ops.AdminProviders;
import io.camelgateway.ops.HealthEndpoints;
import io.camelgateway.ops.ModelsEndpoint;
import io.camelgateway.provider.ProviderCodec;
import io.camelgateway.relay.ActiveStreams;
import io.camelgateway.relay.ProviderCodecs;
import io.camelgateway.relay.TurnPlanner;
import io.camelgateway.relay.TurnRelay;
import io.camelgateway.relay.BreakerAttempt;
import io.camelgateway.relay.BreakerFallback;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.resilience.ProviderStats;
import io.camelgateway.resilience.RetryBudget;
import io.camelgateway.resilience.StreamSlots;
import io.camelgateway.routing.InputTokenCounter;
import io.camelgateway.routing.RoutedTarget;
import io.camelgateway.routing.TurnRouting;
import io.camelgateway.secrets.SecretRedactor;
import io.camelgateway.settings.GatewaySettings;
import io.camelgateway.settings.ResilienceSettings;
import io.camelgateway.settings.SettingsReader;
import io.camelgateway.ui.DashboardSetup;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/** Builds the gateway's beans from configuration; routes (YAML) refer to them by name. */
public class GatewayConfiguration implements CamelConfiguration {

    public static final String INSTANCE_ID = UUID.randomUUID().toString();

    @Override
    public void configure(CamelContext camel) {
        SettingsReader settings = new SettingsReader(camel.getPropertiesComponent());
        GatewaySettings gateway = GatewaySettings.from(settings);
        Registry registry = camel.getRegistry();

        Vertx vertx = vertx(settings.integer("gateway.worker-pool-size"), gateway.totalTimeoutMs());
        registry.bind("vertx", Vertx.class, vertx);
        NetworkSetup network = NetworkSetup.read(settings, System.getenv());
        network.applyTo(camel);
        registry.bind("networkSetup", network);
        UpstreamHttp upstream = new UpstreamHttp(vertx, gateway.connectTimeoutMs(), gateway.maxConnectionsPerHost(),
                2 * Runtime.getRuntime().availableProcessors(), network.proxies(),
                network.trust() == null ? null : network.trust().trustOptions());
        ActiveStreams active = new ActiveStreams();
        registry.bind("gatewaySettings", gateway);
        registry.bind("activeStreams", active);
        registry.bind("upstreamHttp", upstream);

        ProviderDirectory providers = new ProviderDirectory(camel);
        ModelResolver resolver = new ModelResolver(providers, settings.withPrefix("gateway.alias."));
        registry.bind("modelResolver", resolver);
        registry.bind("fallbackChains", new FallbackChains(settings.withPrefix("gateway.fallback.")));
        ProviderCodecs codecs = new ProviderCodecs(providerCodecs(VertexSetup.auth(settings), promptCache(settings)));
        registry.bind("providerCodecs", codecs);
        ProviderModelLists providerModels = new ProviderModelLists(camel, providers, codecs::modelLister, upstream,
                1000L * settings.integer("gateway.catalog.provider-models-ttl-seconds"),
                gateway.connectTimeoutMs(), Clock.systemUTC());
        registry.bind("providerModelLists", providerModels);
        registry.bind("modelCatalog", catalog(settings, resolver, providers, providerModels));

        Set<String> routedAliases = Set.copyOf(split(settings.optional("gateway.router.aliases").orElse("")));
        InputTokenCounter tokenCounter = new InputTokenCounter(settings.number("gateway.tokens.cache-entries"));
        int recentTurns = settings.integer("gateway.router.recent-turns");
        TurnRouting routing = new TurnRouting(tokenCounter, routedAliases, recentTurns);
        ClientApis apis = clientApis();
        registry.bind("clientApis", apis);
        String adminToken = settings.optional("gateway.admin.token").orElse(null);
        SecretRedactor.register(adminToken);
        GatewayDatabase database = database(settings, adminToken != null);
        if (database != null) {
            registry.bind("gatewayDatabase", database);
        }
        GatewayMetrics metrics = new GatewayMetrics();
        registry.bind("gatewayMetrics", metrics);
        GatewayEventListeners events = ObservabilitySetup.events(camel);
        SharedState shared = SharedSetup.sharedState(settings);
        registry.bind("sharedState", shared);
        LimitMeters.bindSharedState(metrics.registry(), shared);
        VirtualKeys virtualKeys = KeySetup.virtualKeys(settings, adminToken != null, database, shared::revoke);
        Authenticator authenticator = KeySetup.authenticator(settings, virtualKeys, shared::isRevoked);
        AdminAccess adminAccess = new AdminAccess(adminToken);
        metrics.protectWith(adminAccess);
        LimitMeters.bindAuthentication(metrics.registry(), authenticator, adminAccess);
        registry.bind("keyAdmin", new KeyAdmin(adminToken == null ? null : virtualKeys, adminAccess));
        registry.bind("teamAdmin", new TeamAdmin(adminToken == null ? null : virtualKeys, adminAccess));
        for (ClientApiCodec api : apis.all()) {
            // the entry route of each API refers to its processor as <name>Entry
            registry.bind(api.name() + "Entry", new TurnEntry(api, resolver, active, routing, authenticator));
        }
        registry.bind("countTokens", new CountTokensEndpoint(apis, tokenCounter, estimateFactor(settings), recentTurns,
                authenticator));
        registry.bind("routedTarget", new RoutedTarget(resolver, (ModelCatalog) registry.lookupByName("modelCatalog"),
                (FallbackChains) registry.lookupByName("fallbackChains")));
        ResilienceSettings resilience = ResilienceSettings.from(settings);
        ProviderBreakers breakers = new ProviderBreakers(camel, providers, resilience.breaker());
        try {
            camel.addStartupListener(breakers);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the circuit breakers", e);
        }
        ProviderStats providerStats = new ProviderStats(name -> new RetryBudget(resilience.budgetWindowSeconds(),
                resilience.budgetRatio(), resilience.budgetMinRetries(), System::currentTimeMillis));
        StreamSlots slots = new StreamSlots(resilience.maxStreams(), resilience.maxStreamsPerKey(),
                resilience.overloadRetryAfterSeconds());
        PriceFile prices = LedgerSetup.prices(settings);
        LimitCheck limitCheck = Limits.build(settings, limitsLookup(settings, virtualKeys),
                (provider, model, in, maxOut) -> prices.table().estimate(provider, model, in, maxOut),
                Clock.systemUTC(), shared,
                LedgerSetup.enabled(settings) && database != null ? new LedgerSpend(database) : null);
        registry.bind("limitCheck", limitCheck);
        limitCheck.reportTo(events);
        LimitMeters.bindLimits(metrics.registry(), limitCheck);
        // the ledger prices every turn and settles its budget reservation; with the ledger off it keeps no rows
        // access log, metrics, traces and dashboard add themselves here; the ledger tells them every finished request
        TurnObservers turnObservers = new TurnObservers();
        registry.bind("turnObservers", turnObservers);
        ObservabilitySetup.wire(camel, settings, metrics, turnObservers, events, breakers, prices);
        TracingSetup.install(System.getenv(), settings.flag("gateway.tracing.capture-content"));
        if (GatewayTracing.on()) {
            turnObservers.add(new TracingObserver());
        }
        Ledger ledger = LedgerSetup.ledger(settings, LedgerSetup.enabled(settings) ? database : null, prices,
                limitCheck, turnObservers);
        registry.bind("ledger", ledger);
        LimitMeters.bindLedger(metrics.registry(), ledger.writer(), prices);
        registry.bind("turnRelay", TurnRelay.create(new TurnPlanner(codecs),
                (FallbackChains) registry.lookupByName("fallbackChains"), resolver, breakers, providerStats, resilience,
                gateway, active, slots, vertx, ledger, events,
                ResponseCache.create(CacheSettings.from(settings), shared, metrics.registry())));
        io.camelgateway.metrics.RuntimeMeters.bindWork(metrics.registry(), active, slots);
        registry.bind("breakerAttempt", new BreakerAttempt(vertx, upstream, gateway, active));
        registry.bind("breakerFallback", new BreakerFallback(breakers));
        AdminProviders adminProviders = new AdminProviders(providers, breakers, providerStats, slots,
                adminAccess, apis.defaultApi()::errorBody);
        registry.bind("adminProviders", adminProviders);
        UsageReport usageReport = ledger.keepsRows() ? new UsageReport(database, ledger::flagship) : null;
        registry.bind("adminUsage", new AdminUsage(usageReport, adminAccess, apis.defaultApi()::errorBody));
        DashboardSetup.bind(registry, settings, turnObservers, adminToken, adminAccess, usageReport, ledger::flagship,
                adminProviders::report, apis.defaultApi()::errorBody);
        registry.bind("errorResponder", new ErrorResponder(apis.defaultApi(), ledger));
        registry.bind("modelsEndpoint", new ModelsEndpoint((ModelCatalog) registry.lookupByName("modelCatalog"),
                authenticator));
        registry.bind("healthEndpoints", new HealthEndpoints(active, INSTANCE_ID, shared::status));
    }

    /** Budgets and rate limits kept with the keys and teams, else the settings' (all of them without a key store). */
    private static LimitsLookup limitsLookup(SettingsReader settings, VirtualKeys keys) {
        SettingsLimits configured = SettingsLimits.from(settings);
        return keys == null ? configured : new KeyStoreLimits(keys.store(), configured, VirtualKeys.STALENESS);
    }

    /**
     * The one database of this gateway (keys, teams, ledger), opened when the ledger is on or keys are used, and
     * migrated in the background so startup never waits for it; closed after Camel stops ({@link GatewayLifecycle}).
     */
    private static GatewayDatabase database(SettingsReader settings, boolean adminApiOn) {
        if (!LedgerSetup.enabled(settings) && !KeySetup.needed(settings, adminApiOn)) {
            return null;
        }
        DatabaseSettings databaseSettings;
        try {
            databaseSettings = DatabaseSettings.from(settings);
        } catch (IllegalArgumentException e) {
            StartupChecks.refuse(e.getMessage() + " (GATEWAY_DB_URL, GATEWAY_DB_POOL_SIZE, GATEWAY_DB_CONNECT_TIMEOUT_MS)");
            return null;
        }
        GatewayDatabase database = GatewayDatabase.open(databaseSettings);
        database.migrateInBackground();
        return database;
    }

    /** Every client API: a new one is its package under api/, its entry route file, and a line here. */
    static ClientApis clientApis() {
        return new ClientApis(List.of(new ResponsesApiCodec(), new ChatApiCodec(), new MessagesApiCodec(),
                new ResponsesCompactApiCodec()));
    }

    /** How much a local token count is raised, so a client never compacts too late on an understated count. */
    private static double estimateFactor(SettingsReader settings) {
        double factor = settings.decimal("gateway.tokens.estimate-factor");
        if (!(factor > 0)) {
            throw new IllegalArgumentException("gateway.tokens.estimate-factor must be a number above 0, not " + factor);
        }
        return factor;
    }

    /** Automatic provider prompt-cache breakpoints (gateway.prompt-cache.*). */
    static PromptCachePolicy promptCache(SettingsReader settings) {
        Map<String, Integer> minTokens = new HashMap<>();
        settings.withPrefix("gateway.prompt-cache.min-tokens.").forEach((model, value) -> {
            try {
                minTokens.put(model, Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("gateway.prompt-cache.min-tokens." + model
                        + " must be a whole number, not " + value);
            }
        });
        return new PromptCachePolicy(settings.flag("gateway.prompt-cache.auto"),
                settings.string("gateway.prompt-cache.ttl"), minTokens);
    }

    static List<ProviderCodec> providerCodecs(VertexAuth vertex, PromptCachePolicy promptCache) {
        GeminiCodec gemini = new GeminiCodec();
        VertexAnthropicCodec vertexAnthropic = new VertexAnthropicCodec(vertex, promptCache);
        VertexGeminiCodec vertexGemini = new VertexGeminiCodec(vertex);
        return List.of(new OpenAiCodec(), new OpenAiChatCodec(), new AnthropicCodec(promptCache), gemini, vertexAnthropic,
                vertexGemini, new VertexCodec(vertexAnthropic, vertexGemini), new BedrockCodec(promptCache),
                new AzureOpenAiCodec());
    }

    private static Vertx vertx(int workerPoolSize, long totalTimeoutMs) {
        VertxOptions options = new VertxOptions()
                .setWorkerPoolSize(workerPoolSize)
                .setMaxWorkerExecuteTime(totalTimeoutMs + 60_000L)
                .setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS);
        return Vertx.vertx(options);
    }

    private static ModelCatalog catalog(SettingsReader settings, ModelResolver resolver, ProviderDirectory providers,
                                        ProviderModelLists providerModels) {
        List<String> listed = new ArrayList<>();
        for (String model : settings.optional("gateway.catalog.models").orElse("").split(",")) {
            if (!model.isBlank()) {
                listed.add(model.trim());
            }
        }
        Map<String, Integer> windows = new HashMap<>();
        settings.withPrefix("gateway.catalog.context-window.").forEach((name, value) ->
                windows.put(name, Integer.parseInt(value)));
        return new ModelCatalog(resolver, listed, windows, settings.integer("gateway.catalog.default-context-window"),
                instructions(settings.optional("gateway.catalog.instructions-file").orElse("")),
                Set.copyOf(split(settings.optional("gateway.router.aliases").orElse(""))), providers::names,
                providerModels::current);
    }

    /** The base prompt Codex uses for catalog models: the operator's file when configured, else the built-in text. */
    private static String instructions(String file) {
        if (file.isEmpty()) {
            return null;
        }
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("gateway.catalog.instructions-file cannot be read: " + file, e);
        }
    }

    static List<String> split(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
