package io.camelgateway.e2e;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Runs the real Codex CLI ({@code e2e/node_modules/.bin/codex}, pinned in {@code e2e/package.json}) headless against
 * a gateway: {@code codex exec --json} with a custom {@code gateway}
 * provider whose {@code model_catalog_url} is the gateway's {@code /v1/models}, stdin from {@code /dev/null}, a
 * throw-away {@code CODEX_HOME}, no proxies (loopback only), and a hard timeout after which the whole process tree
 * is killed.
 *
 * <pre>{@code
 * CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), "local/qwen3-coder", workDir, "do it", Duration.ofSeconds(120));
 * assertEquals(0, run.exitCode(), run::describe);
 * }</pre>
 */
public final class CodexCli {

    /** The token Codex sends to the gateway ({@code env_key = GATEWAY_API_KEY}). */
    public static final String CLIENT_TOKEN = "gw-client-token";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CodexCli() {
    }

    /** The project's base directory (surefire runs tests with {@code user.dir} = basedir). */
    public static Path projectDir() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }

    /** {@code e2e/node_modules/.bin/codex} under the project, or a skipped test when {@code npm ci --prefix e2e} was not run. */
    public static Path binary() {
        Path codex = projectDir().resolve("e2e/node_modules/.bin/codex");
        installClientsOnce();
        RequiredClients.require(Files.isExecutable(codex),
                "Codex CLI not installed at " + codex + ": run `npm ci --prefix e2e` (the CI script .ci/run does)");
        return codex;
    }

    private static boolean installAttempted;

    /**
     * On a fresh machine `mvn -B verify` installs the pinned clients itself ({@code npm ci --prefix e2e}, bounded to
     * five minutes) when npm is there, so the README's test command needs nothing run by hand first.
     */
    public static synchronized void installClientsOnce() {
        Path e2e = projectDir().resolve("e2e");
        if (installAttempted || Files.isDirectory(e2e.resolve("node_modules"))) {
            return;
        }
        installAttempted = true;
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--prefix", e2e.toString(), "--no-audit", "--no-fund")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!npm.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
                npm.destroyForcibly();
            }
        } catch (IOException e) {
            // npm is not installed: the tests that need the clients are skipped with the assumption's message
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What one {@code codex exec} run left behind. */
    public record Result(int exitCode, boolean timedOut, String stdout, String stderr, Duration elapsed) {

        /** The {@code --json} lines of stdout that parse as JSON objects. */
        public List<JsonNode> events() {
            List<JsonNode> events = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (line.startsWith("{")) {
                    try {
                        events.add(JSON.readTree(line));
                    } catch (IOException notJson) {
                        // keep only real events
                    }
                }
            }
            return events;
        }

        /** The texts of {@code item.completed} events whose item has this type (e.g. {@code agent_message}). */
        public List<JsonNode> completedItems(String itemType) {
            return events().stream().filter(e -> "item.completed".equals(e.path("type").asText()))
                    .map(e -> e.path("item")).filter(i -> itemType.equals(i.path("type").asText())).toList();
        }

        /** Everything Codex printed, for assertion messages and for "never contains" checks. */
        public String output() {
            return stdout + "\n" + stderr;
        }

        public String describe() {
            return "codex exit=" + exitCode + (timedOut ? " (TIMED OUT)" : "") + " after " + elapsed.toMillis()
                    + " ms\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /**
     * Runs {@code codex exec <prompt>} in {@code workDir} with model {@code model} through the gateway at
     * {@code gatewayBaseUrl} (no trailing {@code /v1}). Never takes longer than {@code timeout} (plus a few seconds to
     * reap the killed process tree).
     */
    public static Result exec(String gatewayBaseUrl, String model, Path workDir, String prompt, Duration timeout)
            throws IOException, InterruptedException {
        return exec(gatewayBaseUrl, model, workDir, prompt, timeout, CLIENT_TOKEN);
    }

    /** {@link #exec(String, String, Path, String, Duration)} with {@code apiKey} as Codex's key (e.g. a virtual key). */
    public static Result exec(String gatewayBaseUrl, String model, Path workDir, String prompt, Duration timeout,
                              String apiKey) throws IOException, InterruptedException {
        Path codex = binary();
        Path codexHome = Files.createTempDirectory("codex-home");
        Path out = Files.createTempFile("codex-stdout", ".jsonl");
        Path err = Files.createTempFile("codex-stderr", ".txt");
        String provider = "model_providers.gateway={name=\"Gateway\", base_url=\"" + gatewayBaseUrl + "/v1\", "
                + "env_key=\"GATEWAY_API_KEY\", wire_api=\"responses\", model_catalog_url=\"" + gatewayBaseUrl
                + "/v1/models\"}";
        List<String> command = List.of(codex.toString(), "exec", "--skip-git-repo-check", "--ephemeral", "--json",
                "--dangerously-bypass-approvals-and-sandbox", "-m", model,
                "-c", "model_provider=\"gateway\"", "-c", provider,
                "-c", "analytics.enabled=false", "--disable", "plugins", prompt);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        for (String name : List.of("OPENAI_API_KEY", "CODEX_API_KEY", "OPENAI_BASE_URL", "HTTP_PROXY", "HTTPS_PROXY",
                "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")) {
            env.remove(name);
        }
        env.put("NO_PROXY", "127.0.0.1,localhost");
        env.put("no_proxy", "127.0.0.1,localhost");
        env.put("CODEX_HOME", codexHome.toString());
        env.put("GATEWAY_API_KEY", apiKey);
        env.put("RUST_LOG", "warn");
        long start = System.nanoTime();
        Process process = builder.start();
        boolean finished = false;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (!finished) {
                kill(process);
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Result(finished ? process.exitValue() : -1, !finished,
                Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), elapsed);
    }

    /** Kills the process and everything it spawned (the npm shim starts the native binary, which starts shells). */
    static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
