package io.camelgateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real Claude Code CLI ({@code e2e/node_modules/.bin/claude}, pinned in {@code e2e/package.json}) headless:
 * {@code claude -p <prompt> --output-format json --model <id> [--allowedTools Bash]} with {@code HOME} in a fresh temp
 * directory (no login, no settings), {@code ANTHROPIC_BASE_URL} at the server under test, no telemetry or
 * auto-update traffic, stdin from {@code /dev/null}, and a hard timeout after which the whole process tree is killed.
 *
 * <pre>{@code
 * ClaudeCli.Result run = ClaudeCli.run(gateway.baseUrl(), Auth.apiKey("gw-client-token"), "claude-opus-5-5", workDir,
 *         "say hi", List.of(), Duration.ofSeconds(90));
 * assertEquals(0, run.exitCode(), run::describe);
 * }</pre>
 */
public final class ClaudeCli {

    /** The token Claude Code sends to the gateway (as {@code x-api-key} or as a bearer token). */
    public static final String CLIENT_TOKEN = "gw-claude-client-token";

    private ClaudeCli() {
    }

    /**
     * How Claude Code authenticates: {@code ANTHROPIC_API_KEY} is sent as {@code x-api-key},
     * {@code ANTHROPIC_AUTH_TOKEN} as {@code Authorization: Bearer}.
     */
    public record Auth(String variable, String token) {

        public static Auth apiKey(String token) {
            return new Auth("ANTHROPIC_API_KEY", token);
        }

        public static Auth bearer(String token) {
            return new Auth("ANTHROPIC_AUTH_TOKEN", token);
        }

        public boolean isBearer() {
            return variable.equals("ANTHROPIC_AUTH_TOKEN");
        }
    }

    /** {@code e2e/node_modules/.bin/claude}; skipped when absent, except under {@code CI=true} where it fails. */
    public static Path binary() {
        Path claude = CodexCli.projectDir().resolve("e2e/node_modules/.bin/claude");
        CodexCli.installClientsOnce();
        RequiredClients.require(Files.isExecutable(claude),
                "Claude Code not installed at " + claude + ": run `npm ci --prefix e2e` (the CI script .ci/run does)");
        return claude;
    }

    /** What one {@code claude -p} run left behind. */
    public record Result(int exitCode, boolean timedOut, String stdout, String stderr, Duration elapsed) {

        /** The {@code --output-format json} result object, or an empty object when stdout was not JSON. */
        public JsonNode json() {
            String trimmed = stdout.strip();
            if (!trimmed.startsWith("{")) {
                return E2eJson.MAPPER.createObjectNode();
            }
            try {
                return E2eJson.MAPPER.readTree(trimmed);
            } catch (IOException notJson) {
                return E2eJson.MAPPER.createObjectNode();
            }
        }

        /** {@code is_error} of the result; true when there was no result at all. */
        public boolean isError() {
            return json().path("is_error").asBoolean(true);
        }

        /** The final answer text ({@code result}). */
        public String result() {
            return json().path("result").asText("");
        }

        /** How many model turns the run took ({@code num_turns}); -1 when unknown. */
        public int numTurns() {
            return json().path("num_turns").asInt(-1);
        }

        /** Everything the client printed, for "never contains" checks. */
        public String output() {
            return stdout + "\n" + stderr;
        }

        public String describe() {
            return "claude exit=" + exitCode + (timedOut ? " (TIMED OUT)" : "") + " after " + elapsed.toMillis()
                    + " ms\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /**
     * Runs {@code claude -p <prompt>} in {@code workDir} against {@code baseUrl} (no trailing {@code /v1}: Claude Code
     * appends {@code /v1/messages}). {@code allowedTools} (e.g. {@code Bash}) run without a permission prompt. Never
     * takes longer than {@code timeout} plus the few seconds needed to reap a killed process tree.
     */
    public static Result run(String baseUrl, Auth auth, String model, Path workDir, String prompt,
                             List<String> allowedTools, Duration timeout) throws IOException, InterruptedException {
        Path claude = binary();
        Path home = Files.createTempDirectory("claude-home");
        Path out = Files.createTempFile("claude-stdout", ".json");
        Path err = Files.createTempFile("claude-stderr", ".txt");
        List<String> command = new ArrayList<>(List.of(claude.toString(), "-p", prompt, "--output-format", "json",
                "--model", model));
        if (!allowedTools.isEmpty()) {
            command.add("--allowedTools");
            command.add(String.join(",", allowedTools));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("ANTHROPIC_") || name.startsWith("CLAUDE_")
                || name.startsWith("CLAUDECODE") || name.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
        env.put("NO_PROXY", "127.0.0.1,localhost");
        env.put("no_proxy", "127.0.0.1,localhost");
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("ANTHROPIC_BASE_URL", baseUrl);
        env.put(auth.variable(), auth.token());
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        long start = System.nanoTime();
        Process process = builder.start();
        boolean finished = false;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (!finished) {
                CodexCli.kill(process);
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Result(finished ? process.exitValue() : -1, !finished,
                Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), elapsed);
    }
}
