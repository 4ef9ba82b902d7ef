package io.camelgateway.canonical;

public enum Role {
    SYSTEM, DEVELOPER, USER, ASSISTANT;

    public static Role parse(String value) {
        if (value == null) {
            return null;
        }
        switch (value) {
            case "system": return SYSTEM;
            case "developer": return DEVELOPER;
            case "user": return USER;
            case "assistant": return ASSISTANT;
            default: return null;
        }
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Developer and system text both become the provider's system prompt. */
    public boolean isInstruction() {
        return this == SYSTEM || this == DEVELOPER;
    }
}
