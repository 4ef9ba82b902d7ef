package io.camelgateway.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The gateway as a real separate process on a free loopback port: the packaged jar when {@code gateway.test.jar}
 * names one, otherwise {@code GatewayMain} on the test classpath. Started in its own working directory (by default
 * under {@code target/test-run/gateways/}) so the project's {@code routes/} and {@code application.properties} do
 * not leak in (unless a test puts files there). Its log is kept under {@code target/test-run/logs/}, and the secrets
 * it is given are recorded ({@link TestRunRecord}) for the leak check at the end of the build.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path workDir;
    private final Path log;

    /** Set when the gateway serves HTTPS: the context that trusts its certificate. */
    private final SSLContext tls;

    private GatewayProcess(Process process, int port, Path workDir, Path log, SSLContext tls) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.log = log;
        this.tls = tls;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String baseUrl() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path workDir() {
        return workDir;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Sends SIGTERM, as a deploy does. */
    public void terminate() {
        process.destroy();
    }

    public boolean waitForExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path workDir;
        private int port;
        private boolean waitReady = true;
        private SSLContext tls;

        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public Builder port(int fixedPort) {
            this.port = fixedPort;
            return this;
        }

        /** The gateway is configured for HTTPS (gateway.tls.*); {@code trusting} trusts its certificate. */
        public Builder https(SSLContext trusting) {
            this.tls = trusting;
            return this;
        }

        public Builder noWait() {
            this.waitReady = false;
            return this;
        }

        public GatewayProcess start() throws IOException, InterruptedException {
            Path runDir = TestRunRecord.dir();
            Path dir = workDir != null ? workDir
                    : Files.createTempDirectory(Files.createDirectories(runDir.resolve("gateways")), "gateway-");
            int chosenPort = port > 0 ? port : freePort();
            // kept under target/ for the whole run, one file per process (a restart in the same directory adds one)
            Path logFile = Files.createTempFile(Files.createDirectories(runDir.resolve("logs")),
                    dir.getFileName() + "-", ".log");
            record(dir);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
            command.add("-Dcamel.server.port=" + chosenPort);
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            String jar = System.getProperty("gateway.test.jar");
            if (jar != null && !jar.isBlank()) {
                command.add("-jar");
                command.add(new File(jar).getAbsolutePath());
            } else {
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add("io.camelgateway.GatewayMain");
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(logFile.toFile());
            for (String inherited : List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL",
                    "LOCAL_BASE_URL", "LOCAL_API_KEY", "CAMEL_SERVER_PORT", "CAMEL_SERVER_HOST", "GATEWAY_AUTH_MODE",
                    "GATEWAY_AUTH_ALLOW_OPEN_NETWORK", "GATEWAY_KEY_PEPPER", "GATEWAY_ADMIN_TOKEN", "HTTPS_PROXY",
                    "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
                    "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN", "OPENAI_API_VERSION",
                    "GROQ_API_KEY", "TOGETHER_API_KEY", "FIREWORKS_API_KEY", "MISTRAL_API_KEY", "DEEPSEEK_API_KEY",
                    "OPENROUTER_API_KEY", "XAI_API_KEY", "CEREBRAS_API_KEY", "OLLAMA_BASE_URL", "VLLM_BASE_URL",
                    "LMSTUDIO_BASE_URL", "GEMINI_API_KEY", "GEMINI_BASE_URL", "GOOGLE_APPLICATION_CREDENTIALS",
                    "GOOGLE_CLOUD_PROJECT", "CLOUD_ML_REGION", "VERTEX_BASE_URL", "BEDROCK_BASE_URL",
                    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION",
                    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE")) {
                builder.environment().remove(inherited);
            }
            // a developer's OpenTelemetry settings must not send test traces to their collector
            builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_"));
            // tests stay on loopback: the AWS credential chain must not ask the instance metadata address
            builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            builder.environment().putAll(env);
            GatewayProcess gateway = new GatewayProcess(builder.start(), chosenPort, dir, logFile, tls);
            if (waitReady) {
                // a bound, not a timing check: a start takes seconds, but much longer on a machine running many JVMs
                gateway.awaitReady(Duration.ofSeconds(90));
            }
            return gateway;
        }

        /** Tells the run's record what this process is given and where it writes, for SecretsLeakIT. */
        private void record(Path dir) {
            TestRunRecord.place(dir);
            properties.forEach((key, value) -> TestRunRecord.setting("-D", key, value));
            env.forEach((key, value) -> TestRunRecord.setting("env", key, value));
            TestRunRecord.database(env.getOrDefault("GATEWAY_DB_URL", properties.get("gateway.db.url")), dir);
        }
    }

    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        HttpClient client = (tls == null ? builder : builder.sslContext(tls)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("gateway not ready within " + timeout + ":\n" + log());
    }
}
