package io.camelgateway.trace;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.camelgateway.secrets.SecretRedactor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns tracing on only when the standard OpenTelemetry variables ask for an exporter: {@code OTEL_TRACES_EXPORTER}
 * (other than none), {@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}; never with
 * {@code OTEL_SDK_DISABLED=true}. Then the SDK is built by its autoconfigure module from every other {@code OTEL_*}
 * variable (protocol, headers, service name, sampler, batch delays…). Otherwise no SDK, exporter or thread exists and
 * the request path takes the no-op branch of {@link GatewayTracing}.
 */
public final class TracingSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TracingSetup.class);

    private TracingSetup() {
    }

    /** True when the environment asks for traces to be exported. */
    static boolean wanted(Map<String, String> env) {
        if ("true".equalsIgnoreCase(trimmed(env.get("OTEL_SDK_DISABLED")))) {
            return false;
        }
        String exporter = trimmed(env.get("OTEL_TRACES_EXPORTER"));
        if (!exporter.isEmpty()) {
            return !exporter.toLowerCase(Locale.ROOT).equals("none");
        }
        return !trimmed(env.get("OTEL_EXPORTER_OTLP_ENDPOINT")).isEmpty()
                || !trimmed(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")).isEmpty();
    }

    /**
     * Installs tracing for this process as the environment says ({@link GatewayTracing} stays off when it does not
     * ask for it, or when its settings are unusable: one WARN line, the gateway runs untraced).
     */
    public static void install(Map<String, String> env, boolean captureContent) {
        GatewayTracing.uninstall();
        if (!wanted(env)) {
            return;
        }
        registerHeaderSecrets(env);
        OpenTelemetrySdk sdk;
        try {
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    // traces only: metrics go to Prometheus (GET /metrics), logs to the log
                    .addPropertiesSupplier(() -> Map.of(
                            "otel.service.name", "camel-ai-gateway",
                            "otel.metrics.exporter", "none",
                            "otel.logs.exporter", "none"))
                    // the variables decided on above are the ones the SDK is built from
                    .addPropertiesCustomizer(config -> otelProperties(env))
                    // flushed after Camel stopped (shutdown()), once the drained streams' spans have ended
                    .disableShutdownHook()
                    .build().getOpenTelemetrySdk();
        } catch (RuntimeException e) {
            LOG.warn("Tracing is off: the OTEL_* settings cannot be used ({})", e.getMessage());
            return;
        }
        GatewayTracing.install(sdk, captureContent);
        LOG.info("Tracing on: spans exported as the OTEL_* variables say{}",
                captureContent ? " (prompt and completion content included)" : "");
    }

    /**
     * The exporter's headers often carry the collector's token ({@code authorization=Bearer …}): redacted from every
     * log line, including the SDK's own complaint about a malformed value.
     */
    private static void registerHeaderSecrets(Map<String, String> env) {
        for (String name : List.of("OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS")) {
            String headers = env.get(name);
            if (headers == null) {
                continue;
            }
            SecretRedactor.register(headers);
            for (String header : headers.split(",")) {
                String value = header.substring(header.indexOf('=') + 1);
                SecretRedactor.register(value);
                // the credential of "Bearer <token>" (or its URL-encoded form) on its own
                int space = value.lastIndexOf(' ');
                int encoded = value.lastIndexOf("%20");
                int start = Math.max(space < 0 ? 0 : space + 1, encoded < 0 ? 0 : encoded + 3);
                SecretRedactor.register(value.substring(start));
            }
        }
    }

    /** {@code OTEL_EXPORTER_OTLP_ENDPOINT} → {@code otel.exporter.otlp.endpoint}, and so on for every OTEL_* entry. */
    static Map<String, String> otelProperties(Map<String, String> env) {
        Map<String, String> properties = new java.util.HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_") && value != null) {
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return properties;
    }

    /** Exports what is buffered and stops the exporter; called after Camel stopped. */
    public static void shutdown() {
        GatewayTracing.uninstall();
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }
}
