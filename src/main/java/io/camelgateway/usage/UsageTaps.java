package io.camelgateway.usage;

/** The usage tap for an upstream stream by its wire format name; null for a wire without one. */
public final class UsageTaps {

    public static final String RESPONSES = "openai-responses";
    public static final String CHAT = "openai-chat";
    public static final String MESSAGES = "anthropic-messages";
    public static final String GEMINI = "gemini-generate-content";

    private UsageTaps() {
    }

    /** {@code holdBackChatUsage}: the gateway added {@code include_usage}, so the usage-only chunk is not relayed. */
    public static UsageTap forWire(String wire, long inputEstimate, boolean holdBackChatUsage) {
        if (wire == null) {
            return null;
        }
        return switch (wire) {
            case RESPONSES -> new ResponsesUsageTap(inputEstimate);
            case CHAT -> new ChatUsageTap(inputEstimate, holdBackChatUsage);
            case MESSAGES -> new MessagesUsageTap(inputEstimate);
            case GEMINI -> new GeminiUsageTap(inputEstimate);
            default -> null;
        };
    }
}
