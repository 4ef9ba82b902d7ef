package io.camelgateway.canonical;

/** A provider's rules for tool names: at most {@code maxLength} characters from {@code [A-Za-z0-9_-]}. */
public record ToolNameRules(int maxLength) {

    /** Anthropic: {@code ^[a-zA-Z0-9_-]{1,128}$}. */
    public static final ToolNameRules ANTHROPIC = new ToolNameRules(128);
    /** OpenAI chat and most compatible servers: {@code ^[a-zA-Z0-9_-]{1,64}$}. */
    public static final ToolNameRules OPENAI = new ToolNameRules(64);

    public boolean allows(String name) {
        if (name == null || name.isEmpty() || name.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!allowedChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean allowedChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
