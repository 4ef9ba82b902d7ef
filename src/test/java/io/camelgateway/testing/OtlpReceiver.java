package io.camelgateway.testing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP trace receiver on loopback: accepts {@code POST /v1/traces} with an
 * {@code ExportTraceServiceRequest} in protobuf (gzip or not), keeps every span it decodes, answers 200.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One received span, ids in lower-case hex ({@code parentSpanId} empty for a root). */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
                               Map<String, Object> attributes, List<String> events,
                               Map<String, Map<String, Object>> eventAttributes, io.opentelemetry.proto.trace.v1.Status status,
                               Map<String, Object> resource) {

        public Object attribute(String key) {
            return attributes.get(key);
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final AtomicInteger exports = new AtomicInteger();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpReceiver start() throws IOException {
        return start(0);
    }

    public static OtlpReceiver start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/", exchange -> {
            try (exchange) {
                receiver.exports.incrementAndGet();
                if (!"POST".equals(exchange.getRequestMethod()) || !"/v1/traces".equals(exchange.getRequestURI().getPath())) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                InputStream in = exchange.getRequestBody();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                receiver.keep(ExportTraceServiceRequest.parseFrom(in.readAllBytes()));
                byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                }
            }
        });
        server.start();
        return receiver;
    }

    /** The base URL for {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the exporter appends /v1/traces). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many HTTP requests of any kind arrived. */
    public int requestCount() {
        return exports.get();
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Every span of {@code traceId}, once {@code ready} holds for them (bounded wait). */
    public List<ReceivedSpan> awaitTrace(String traceId, Predicate<List<ReceivedSpan>> ready, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReceivedSpan> trace = spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
            if (ready.test(trace)) {
                return trace;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("trace " + traceId + " incomplete after " + timeout + ": " + trace);
            }
            Thread.sleep(50);
        }
    }

    private void keep(ExportTraceServiceRequest request) {
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    List<String> events = new ArrayList<>();
                    Map<String, Map<String, Object>> eventAttributes = new LinkedHashMap<>();
                    span.getEventsList().forEach(e -> {
                        events.add(e.getName());
                        eventAttributes.put(e.getName(), attributes(e.getAttributesList()));
                    });
                    spans.add(new ReceivedSpan(hex(span.getTraceId().toByteArray()), hex(span.getSpanId().toByteArray()),
                            hex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind(),
                            attributes(span.getAttributesList()), events, eventAttributes, span.getStatus(), resource));
                }
            }
        }
    }

    private static Map<String, Object> attributes(List<KeyValue> list) {
        Map<String, Object> out = new LinkedHashMap<>();
        list.forEach(kv -> out.put(kv.getKey(), value(kv.getValue())));
        return out;
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).toList();
            default -> value.toString();
        };
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
