package io.camelgateway.config;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Locale;
import io.camelgateway.keys.KeyHasher;
import io.camelgateway.settings.SettingsReader;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks made before the HTTP server binds, so that a gateway that should not run says why in one line and exits
 * instead of logging a stack trace and an endpoint list first: the auth mode is one that exists (mode keys with a
 * pepper), the gateway is not open to the network while any bearer token is accepted, and the port is free.
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
        String mode = authMode(settings);
        if (mode.equals("passthrough")) {
            return "gateway.auth.mode=passthrough is not available yet. Use gateway.auth.mode=keys (virtual keys) or "
                    + "any (the default on loopback).";
        }
        if (!mode.equals("any") && !mode.equals("keys")) {
            return "gateway.auth.mode=" + mode + " is not a valid mode. Use keys (virtual keys required) or any.";
        }
        if (mode.equals("keys") && settings.optional("gateway.keys.pepper").map(String::strip)
                .filter(pepper -> pepper.length() >= KeyHasher.MIN_PEPPER_LENGTH).isEmpty()) {
            return "gateway.auth.mode=keys needs a key pepper of at least " + KeyHasher.MIN_PEPPER_LENGTH
                    + " characters, the same on every replica: set GATEWAY_KEY_PEPPER (gateway.keys.pepper), e.g. to"
                    + " the output of: openssl rand -base64 32";
        }
        String host = settings.string("camel.server.host");
        int port = settings.integer("camel.server.port");
        if (mode.equals("any") && !isLoopback(host) && !settings.flag("gateway.auth.allow-open-network")) {
            return "The gateway would listen on " + host + ", which other machines can reach, while "
                    + "gateway.auth.mode=any accepts any bearer token: anyone who reaches port " + port
                    + " could spend the provider keys. Listen on loopback (CAMEL_SERVER_HOST=127.0.0.1), or, when a "
                    + "firewall or a private network already decides who reaches this port, set "
                    + "GATEWAY_AUTH_ALLOW_OPEN_NETWORK=true (gateway.auth.allow-open-network).";
        }
        return portProblem(host, port);
    }

    /** Logs {@code reason} as the one line an operator needs and stops the JVM without running shutdown hooks. */
    public static void refuse(String reason) {
        LOG.error("Not starting: {}", reason);
        System.out.flush();
        System.err.flush();
        // halt: nothing is serving yet, and System.exit would wait on Camel's shutdown hook, which waits on main
        Runtime.getRuntime().halt(REFUSED_EXIT_STATUS);
    }

    static String authMode(SettingsReader settings) {
        return settings.string("gateway.auth.mode").toLowerCase(Locale.ROOT);
    }

    /** True for 127.x, ::1 and names that resolve only to loopback; 0.0.0.0 and :: listen on every interface. */
    static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
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
