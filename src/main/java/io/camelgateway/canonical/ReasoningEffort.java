package io.camelgateway.canonical;

/** The client's {@code reasoning} settings: effort ({@code minimal..xhigh}, or null) and summary mode. */
public record ReasoningEffort(String effort, String summary) {

    public boolean isOff() {
        return effort == null || "none".equals(effort) || "minimal".equals(effort);
    }
}
