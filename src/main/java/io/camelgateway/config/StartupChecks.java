package io.camelgateway.config;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import io.camelgateway.keys.AuthMode;
import io.camelgateway.keys.KeyHasher;
import io.camelgateway.settings.BindAddress;
import io.camelgateway.settings.SettingsReader;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks made before the HTTP server binds, so that a gateway that should not run says why in one line and exits
 * instead of logging a stack trace and an endpoint list first: the auth mode is one that exists, mode keys (the
 * default off loopback) has a pepper, and the port is free. Mode any is allowed off loopback only when set explicitly,
 * and is always announced with one WARN line.
 */
public final class StartupChecks {

    /** Exit status of a gateway that refused to start or could not listen. */
    public static final int REFUSED_EXIT_STATUS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

    private final SettingsReader settings;

    public StartupChecks(PropertiesComponent properties) {
        this.settings = new SettingsReader(properties);
    }

    /** The first reason not to start, or null when the gateway may bind and serve. */
    public String refusal() {
        String host = settings.string("camel.server.host");
        int port = settings.integer("camel.server.port");
        AuthMode mode = AuthMode.configured(settings);
        if (mode == null) {
            return "gateway.auth.mode=" + settings.string("gateway.auth.mode") + " is not a valid mode. Use keys "
                    + "(virtual keys required), passthrough (each client's own provider key goes upstream) or any "
                    + "(any bearer token; local development), or leave it empty: any on loopback, keys elsewhere.";
        }
        if (mode == AuthMode.KEYS && settings.optional("gateway.keys.pepper").map(String::strip)
                .filter(pepper -> pepper.length() >= KeyHasher.MIN_PEPPER_LENGTH).isEmpty()) {
            return AuthMode.explicit(settings) ? "gateway.auth.mode=keys needs " + pepperAdvice()
                    : keysByAddress(host, port);
        }
        return portProblem(host, port);
    }

    private static String pepperAdvice() {
        return "a key pepper of at least " + KeyHasher.MIN_PEPPER_LENGTH + " characters, the same on every replica: "
                + "set GATEWAY_KEY_PEPPER (gateway.keys.pepper), e.g. to the output of: openssl rand -base64 32";
    }

    /** Off loopback without a mode set, keys is the default: say why, and how to choose another mode on purpose. */
    private String keysByAddress(String host, int port) {
        String replaced = settings.optional("gateway.auth.allow-open-network").isPresent()
                ? " (gateway.auth.allow-open-network no longer exists: an explicit GATEWAY_AUTH_MODE=any is that choice"
                + " now)" : "";
        return "The gateway would listen on " + host + ", which other machines can reach, so gateway.auth.mode "
                + "defaults to keys (virtual keys required), and that needs " + pepperAdvice() + ". To accept any "
                + "bearer token instead, because a firewall or a private network already decides who reaches port "
                + port + ", set GATEWAY_AUTH_MODE=any explicitly" + replaced + "; to listen on loopback only, set "
                + "CAMEL_SERVER_HOST=127.0.0.1.";
    }

    /**
     * The one loud line for auth mode any: every bearer token, or none, is accepted, so whoever reaches the port
     * spends the provider keys. Null in the other modes.
     */
    public String warning() {
        if (AuthMode.configured(settings) != AuthMode.ANY) {
            return null;
        }
        String host = settings.string("camel.server.host");
        if (BindAddress.isLoopback(host)) {
            return "gateway.auth.mode=any: any bearer token, or none, is accepted and turns are served with the "
                    + "provider keys; fine for one developer on loopback, never for a shared gateway (use keys).";
        }
        return "gateway.auth.mode=any on " + host + ", which other machines can reach: anyone who reaches port "
                + settings.integer("camel.server.port") + " can spend the provider keys without a key of their own."
                + " Only behind a firewall or on a private network that decides who reaches it; else use keys.";
    }

    /** Logs {@code reason} as the one line an operator needs and stops the JVM without running shutdown hooks. */
    public static void refuse(String reason) {
        LOG.error("Not starting: {}", reason);
        System.out.flush();
        System.err.flush();
        // halt: nothing is serving yet, and System.exit would wait on Camel's shutdown hook, which waits on main
        Runtime.getRuntime().halt(REFUSED_EXIT_STATUS);
    }

    /** The mode's setting value (any, keys, passthrough); by address when left empty. */
    static String authMode(SettingsReader settings) {
        AuthMode mode = AuthMode.configured(settings);
        return mode == null ? settings.string("gateway.auth.mode") : mode.settingValue();
    }

    static boolean isLoopback(String host) {
        return BindAddress.isLoopback(host);
    }

    /** Binds and releases the port as Vert.x will (address reuse on), so a clash is found before Camel starts. */
    static String portProblem(String host, int port) {
        if (port == 0) {
            return null;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return null;
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                return "Port " + port + " on " + host + " is already in use (another gateway or program listens "
                        + "there). Set CAMEL_SERVER_PORT (or -Dcamel.server.port) to a free port, or stop the "
                        + "program that holds it.";
            }
            return cannotListen(host, port, e);
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return cannotListen(host, port, e);
        }
    }

    private static String cannotListen(String host, int port, Exception e) {
        return "Cannot listen on " + host + ":" + port + " (" + e.getMessage() + "). Set CAMEL_SERVER_HOST (or "
                + "-Dcamel.server.host) to an address of this machine, 127.0.0.1 for local use.";
    }
}
