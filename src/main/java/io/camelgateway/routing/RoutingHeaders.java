package io.camelgateway.routing;

/** Exchange headers and properties the router route reads and writes (see {@code routes/router.yaml}). */
public final class RoutingHeaders {

    /** Header: the request's input tokens (o200k_base count). */
    public static final String INPUT_TOKENS = "GatewayInputTokens";
    /** Header: tool names the model called in its recent turns, comma-separated. */
    public static final String RECENT_TOOLS = "GatewayRecentTools";
    /** Header: the requested reasoning effort ({@code low}…{@code xhigh}), empty when none. */
    public static final String REASONING_EFFORT = "GatewayReasoningEffort";
    /** Header: the client's {@code x-gateway-tier} ({@code cheap}/{@code flagship}), empty when absent. */
    public static final String TIER = "GatewayTier";
    /** Header: the virtual key's team; empty until virtual keys exist. */
    public static final String TEAM = "GatewayTeam";

    /** Property set by the entry: true when the client's model is a routed alias. */
    public static final String ROUTED = "gatewayRouted";
    /** Property set by the router route: the model it chose. */
    public static final String ROUTED_MODEL = "gatewayRoutedModel";
    /** Property set by the router route: the name of the rule that matched. */
    public static final String ROUTE = "gatewayRoute";

    /** Client request header that forces a side. */
    public static final String TIER_REQUEST_HEADER = "x-gateway-tier";

    private RoutingHeaders() {
    }
}
