package io.camelgateway.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.secrets.SecretRedactor;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracingSetupTest {

    @AfterEach
    void off() {
        TracingSetup.shutdown();
    }

    @Test
    void onlyAnExporterSettingTurnsTracingOn() {
        assertFalse(TracingSetup.wanted(Map.of()));
        assertFalse(TracingSetup.wanted(Map.of("OTEL_SERVICE_NAME", "gw", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")));
        assertFalse(TracingSetup.wanted(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " ")));
        assertTrue(TracingSetup.wanted(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")));
        assertTrue(TracingSetup.wanted(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces")));
        assertTrue(TracingSetup.wanted(Map.of("OTEL_TRACES_EXPORTER", "otlp")));
        assertFalse(TracingSetup.wanted(Map.of("OTEL_TRACES_EXPORTER", "none",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")));
        assertFalse(TracingSetup.wanted(Map.of("OTEL_SDK_DISABLED", "true",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")));
    }

    @Test
    void offTheRequestPathGetsSharedNoOpsAndTouchesNothing() {
        TracingSetup.install(Map.of(), false);
        assertFalse(GatewayTracing.on());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        assertSame(TurnTrace.OFF, GatewayTracing.startRequest(exchange));
        assertSame(TraceStep.NOOP, GatewayTracing.step(exchange, "gateway.decode"));
        assertSame(AttemptTrace.NOOP, TurnTrace.OFF.attempt("openai", "gpt-5.1", "https://api.openai.com/v1", 0, null));
        assertSame(GatewayTracing.Observing.NONE, GatewayTracing.observing(exchange));
        assertFalse(exchange.getProperties().containsKey(GatewayTracing.PROPERTY), "no property, no completion hook");
        assertTrue(exchange.getExchangeExtension().handoverCompletions() == null
                || exchange.getExchangeExtension().handoverCompletions().isEmpty());
    }

    @Test
    void unusableSettingsLeaveTracingOffWithoutStoppingTheGateway() {
        // (this test JVM runs with OTEL_SDK_DISABLED=true: the map given wins over the process's variables)
        TracingSetup.install(Map.of("OTEL_TRACES_EXPORTER", "no-such-exporter", "OTEL_SDK_DISABLED", "false"), false);
        assertFalse(GatewayTracing.on());
    }

    @Test
    void theCollectorsTokenInTheExporterHeadersIsRedactedFromTheLog() {
        TracingSetup.install(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20collector-token-0123456789",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9", "OTEL_SDK_DISABLED", "false"), false);
        String line = SecretRedactor.redact("header authorization=Bearer%20collector-token-0123456789 or "
                + "Bearer collector-token-0123456789");
        assertFalse(line.contains("collector-token-0123456789"), line);
    }
}
