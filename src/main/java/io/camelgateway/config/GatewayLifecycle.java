package io.camelgateway.config;

import io.camelgateway.db.GatewayDatabase;
import io.camelgateway.http.ServerErrorShapes;
import io.camelgateway.ledger.Ledger;
import io.camelgateway.models.ProviderModelLists;
import io.camelgateway.relay.ActiveStreams;
import io.camelgateway.reload.ProviderRouteCheck;
import io.camelgateway.settings.GatewaySettings;
import io.camelgateway.shared.SharedState;
import io.camelgateway.tls.ServerIdentity;
import io.camelgateway.trace.TracingSetup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.SocketFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Startup and shutdown duties Camel does not do for us: refuse to start when {@link StartupChecks} says so or a
 * provider file sets an option that is not of its type ({@link ProviderRouteCheck}), exit if
 * the HTTP port was not really bound (Camel reports "started" anyway), log the {@link StartupSummary}, and on SIGTERM
 * drain open streams before the routes stop.
 */
public final class GatewayLifecycle extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayLifecycle.class);

    /** How long a stop waits for buffered ledger rows (longer only when the database is down). */
    private static final long LEDGER_DRAIN_SECONDS = 10;

    private volatile boolean stoppedCleanly;
    private volatile long stopBoundSeconds = 60;

    /** Refuses to start (one log line, exit status 2) before the HTTP server binds; see {@link StartupChecks}. */
    @Override
    public void beforeStart(BaseMainSupport main) {
        GatewaySettings settings = main.getCamelContext().getRegistry()
                .lookupByNameAndType("gatewaySettings", GatewaySettings.class);
        if (settings != null) {
            stopBoundSeconds = settings.drainSeconds() + main.configure().getShutdownTimeout() + 30L;
        }
        StartupChecks checks = new StartupChecks(main.getCamelContext().getPropertiesComponent());
        String refusal = checks.refusal();
        if (refusal != null) {
            StartupChecks.refuse(refusal);
        }
        String warning = checks.warning();
        if (warning != null) {
            LOG.warn(warning);
        }
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext camel = main.getCamelContext();
        String badProvider = ProviderRouteCheck.problem(camel);
        if (badProvider != null) {
            StartupChecks.refuse(badProvider);
            return;
        }
        String host = main.configure().httpServer().getHost();
        String port = Integer.toString(main.configure().httpServer().getPort());
        String probeHost = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        NetworkSetup network = camel.getRegistry().lookupByNameAndType("networkSetup", NetworkSetup.class);
        ServerIdentity identity = network == null ? null : network.identity();
        SocketFactory sockets = identity == null ? SocketFactory.getDefault() : identity.selfProbeSockets();
        if (!answersAsThisInstance(sockets, probeHost, port)) {
            // the port was free a moment ago (StartupChecks), so another program took it in between
            StartupChecks.refuse("The gateway could not serve HTTP on " + host + ":" + port
                    + " (is the port in use or the address wrong?)");
            return;
        }
        GatewaySettings settings = camel.getRegistry().lookupByNameAndType("gatewaySettings", GatewaySettings.class);
        ServerErrorShapes.install(camel, Integer.parseInt(port), settings.maxBodyBytes(),
                new ServerErrorShapes.RequestLimits(settings.requestBodyTimeoutMs(), settings.maxPendingBodies(),
                        settings.requestHeadTimeoutMs()));
        // logged before /ready turns 200, so whoever waits for readiness finds the summary complete
        try {
            StartupSummary.lines(camel, host, Integer.parseInt(port)).forEach(LOG::info);
        } catch (RuntimeException e) {
            LOG.warn("Camel AI gateway ready on {}:{}; no startup summary: {}", host, port, e.toString());
        }
        ProviderModelLists modelLists = camel.getRegistry().lookupByNameAndType("providerModelLists",
                ProviderModelLists.class);
        if (modelLists != null) {
            modelLists.refreshStale(); // in the background: the catalog has the providers' lists by Codex's first ask
        }
        if (identity == null && !StartupChecks.isLoopback(host)) {
            LOG.warn("Listening on {}:{} without TLS: API keys and prompts travel in clear text to this port. Set "
                    + "gateway.tls.keystore (PKCS#12) or gateway.tls.cert + gateway.tls.key (PEM), or put a TLS "
                    + "proxy in front of it.", host, port);
        }
        ActiveStreams active = camel.getRegistry().lookupByNameAndType("activeStreams", ActiveStreams.class);
        active.markStarted();
    }

    @Override
    public void beforeStop(BaseMainSupport main) {
        ActiveStreams active = main.getCamelContext().getRegistry().lookupByNameAndType("activeStreams", ActiveStreams.class);
        GatewaySettings settings = main.getCamelContext().getRegistry()
                .lookupByNameAndType("gatewaySettings", GatewaySettings.class);
        if (active == null || settings == null) {
            return;
        }
        LOG.info("Shutting down: refusing new turns, draining {} open stream(s) for up to {} s",
                active.count(), settings.drainSeconds());
        try {
            active.drain(settings.drainSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Ledger ledger = main.getCamelContext().getRegistry().lookupByNameAndType("ledger", Ledger.class);
        if (ledger != null) {
            ledger.drain(Duration.ofSeconds(LEDGER_DRAIN_SECONDS));
        }
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        SharedState shared = main.getCamelContext().getRegistry().lookupByNameAndType("sharedState", SharedState.class);
        if (shared != null) {
            shared.close();
        }
        GatewayDatabase database = main.getCamelContext().getRegistry()
                .lookupByNameAndType("gatewayDatabase", GatewayDatabase.class);
        if (database != null) {
            database.close();
        }
        TracingSetup.shutdown();
        stoppedCleanly = true;
    }

    /** True once Camel stopped without an error (after a drain on SIGTERM). */
    public boolean stoppedCleanly() {
        return stoppedCleanly;
    }

    /** The longest a stop may take: the drain, then Camel's own graceful shutdown, plus a margin. */
    public long stopBoundSeconds() {
        return stopBoundSeconds;
    }

    /**
     * A GET /health over a plain socket, or a TLS one trusting our certificate when TLS is on (java.net.http costs
     * half a second to start); true when this process answered.
     */
    private static boolean answersAsThisInstance(SocketFactory sockets, String host, String port) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Socket socket = sockets.createSocket()) {
                socket.connect(new InetSocketAddress(host, Integer.parseInt(port)), 2000);
                socket.setSoTimeout(2000);
                socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String head = new String(socket.getInputStream().readNBytes(2048), StandardCharsets.ISO_8859_1)
                        .toLowerCase(Locale.ROOT);
                return head.contains("x-gateway-instance: " + GatewayConfiguration.INSTANCE_ID);
            } catch (IOException | NumberFormatException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
