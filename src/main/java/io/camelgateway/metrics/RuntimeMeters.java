package io.camelgateway.metrics;

import io.camelgateway.logs.LogWriter;
import io.camelgateway.relay.ActiveStreams;
import io.camelgateway.resilience.StreamSlots;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/** The JVM and process meters (Micrometer's binders), in-flight work, and the log writer's own counters. */
public final class RuntimeMeters {

    private RuntimeMeters() {
    }

    /** The returned GC binder listens to GC notifications until closed. */
    public static AutoCloseable bindJvm(MeterRegistry registry) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }

    public static void bindWork(MeterRegistry registry, ActiveStreams active, StreamSlots slots) {
        Gauge.builder("gateway_upstream_calls_in_flight", active, ActiveStreams::count)
                .description("Upstream calls open now (on the Vert.x event loops)").register(registry);
        Gauge.builder("gateway_open_requests", slots, StreamSlots::inUse)
                .description("Client requests holding a relay slot now").register(registry);
    }

    public static void bindLog(MeterRegistry registry, LogWriter writer) {
        FunctionCounter.builder("gateway_log_lines_written", writer, LogWriter::written)
                .description("Access and event lines written").register(registry);
        FunctionCounter.builder("gateway_log_lines_dropped", writer, LogWriter::dropped)
                .description("Access and event lines dropped because the log queue was full").register(registry);
        Gauge.builder("gateway_log_queue_depth", writer, LogWriter::pending)
                .description("Lines waiting for the log writer").register(registry);
    }
}
