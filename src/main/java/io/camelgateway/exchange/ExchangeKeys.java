package io.camelgateway.exchange;

/**
 * Every exchange property and header name shared by the Java processors and the YAML routes: the entry sets the
 * client's turn, the router route reads the routing facts and sets its choice, provider routes set the target.
 * Route files refer to the string values, so they never change.
 */
public final class ExchangeKeys {

    /** The parsed client body ({@code ObjectNode}). */
    public static final String BODY = "gatewayBody";
    /** The client API codec ({@code ClientApiCodec}). */
    public static final String API = "gatewayApi";
    /** Request headers the client's API forwards to a provider of the same wire format ({@code Map<String,String>}). */
    public static final String CLIENT_HEADERS = "gatewayClientHeaders";
    /** The client's turn as provider codecs see it ({@code ClientTurn}), made by the first plan. */
    public static final String CLIENT_TURN = "gatewayClientTurn";
    /** The model as the client named it. */
    public static final String CLIENT_MODEL = "gatewayClientModel";
    /** The provider the model resolved to; selects the {@code direct:provider-<name>} route. */
    public static final String PROVIDER = "gatewayProvider";
    /** The provider's model id, forwarded unchanged. */
    public static final String UPSTREAM_MODEL = "gatewayUpstreamModel";
    /** {@code System.nanoTime()} when the request reached the gateway's first processor. */
    public static final String START_NANOS = "gatewayStartNanos";

    /** Extra response headers ({@code Map<String,String>}) for the client, e.g. routing decisions and token counts. */
    public static final String RESPONSE_HEADERS = "gatewayResponseHeaders";

    /** Header for the router route: the request's input tokens (o200k_base count). */
    public static final String INPUT_TOKENS = "GatewayInputTokens";
    /** Header for the router route: tool names the model called in its recent turns, comma-separated. */
    public static final String RECENT_TOOLS = "GatewayRecentTools";
    /** Header for the router route: the requested reasoning effort ({@code low}…{@code xhigh}), empty when none. */
    public static final String REASONING_EFFORT = "GatewayReasoningEffort";
    /** Header for the router route: the client's {@code x-gateway-tier} ({@code cheap}/{@code flagship}), or empty. */
    public static final String TIER = "GatewayTier";
    /** Header for the router route: the virtual key's team; empty without one. */
    public static final String TEAM = "GatewayTeam";
    /** Client request header that forces a side of the router. */
    public static final String TIER_REQUEST_HEADER = "x-gateway-tier";

    /** Set by the entry in auth mode keys: the virtual key's id ({@code key_…}, never the key itself). */
    public static final String KEY_ID = "gatewayKeyId";
    /** Set by the entry in auth mode keys: the key's owner. */
    public static final String KEY_OWNER = "gatewayKeyOwner";
    /** Set by the entry in auth mode keys: the key's team, absent when it has none. */
    public static final String KEY_TEAM = "gatewayKeyTeam";
    /** Set by the entry in auth mode keys: the key's project tag, absent when it has none. */
    public static final String KEY_PROJECT = "gatewayKeyProject";

    /**
     * Set by the entry in auth mode passthrough: the client's own provider key, which goes upstream in place of the
     * gateway's (a secret: never logged, redacted while its request runs).
     */
    public static final String PASSTHROUGH_KEY = "gatewayPassthroughKey";

    /** Set by the entry: true when the client's model is a routed alias. */
    public static final String ROUTED = "gatewayRouted";
    /** Set by the router route: the model it chose. */
    public static final String ROUTED_MODEL = "gatewayRoutedModel";
    /** Set by the router route: the name of the rule that matched. */
    public static final String ROUTE = "gatewayRoute";

    /** Set by provider routes: the wire protocol ({@code openai}, {@code anthropic}, {@code openai-chat}). */
    public static final String PROTOCOL = "gatewayProtocol";
    /** Set by provider routes: the upstream base URL. */
    public static final String BASE_URL = "gatewayBaseUrl";
    /** Set by provider routes: the name of the property or environment variable holding the provider key. */
    public static final String API_KEY_NAME = "gatewayApiKeyName";
    /** Set by provider routes: each provider option under this prefix and its kamelet property name. */
    public static final String OPTION_PREFIX = "gatewayOption.";

    /** What a request holds against budgets and rate windows until it settles ({@code LimitTicket}). */
    public static final String LIMIT_TICKET = "gatewayLimitTicket";

    /** The one upstream attempt the provider's circuit-breaker route runs ({@code AttemptState}). */
    public static final String ATTEMPT = "gatewayAttempt";

    /** The response cache's verdict for this request: hit, miss or bypass (absent when the cache is off). */
    public static final String CACHE = "gatewayCache";
    /** The gateway's own time before the answer's first byte went out, in ms ({@code x-gateway-overhead-ms}). */
    public static final String OVERHEAD_MS = "gatewayOverheadMs";
    /** The HTTP status the client was told, when it was not 200. */
    public static final String CLIENT_STATUS = "gatewayClientStatus";
    /** The error code the client was told, when the request failed. */
    public static final String CLIENT_ERROR_CODE = "gatewayClientErrorCode";
    /** Set once the turn observers were told about this request (never twice). */
    public static final String OBSERVED = "gatewayObserved";

    private ExchangeKeys() {
    }

}
