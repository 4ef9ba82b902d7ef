package io.camelgateway.e2e;

import java.util.UUID;

/**
 * One scripted Bash tool round trip for Claude Code: the fake model asks for {@code Bash} with a command whose output
 * differs from its text ({@code echo e2e-marker-<random>-$((6*7))} prints {@code …-42}), so finding
 * {@link #expectedOutput} in the next request proves the shell really ran it; then the model answers {@link #finalText}.
 */
record BashRoundTrip(String marker, String callId) {

    static BashRoundTrip create(String callIdPrefix) {
        String random = UUID.randomUUID().toString().substring(0, 8);
        return new BashRoundTrip("e2e-marker-" + random, callIdPrefix + random);
    }

    String command() {
        return "echo " + marker + "-$((6*7))";
    }

    /** The tool's {@code input} / function {@code arguments} JSON. */
    String inputJson() {
        return E2eJson.MAPPER.createObjectNode().put("command", command()).put("description", "Print the marker")
                .toString();
    }

    /** What only a real shell prints. */
    String expectedOutput() {
        return marker + "-42";
    }

    /** A thinking signature for Anthropic-shaped scripts (only the fake that issued it accepts it back). */
    String signature() {
        return "sig-" + callId;
    }

    String finalText() {
        return "The command printed " + expectedOutput() + ".";
    }

    static final String PROMPT = "Run the shell command the task needs with the Bash tool, then report its output.";
}
