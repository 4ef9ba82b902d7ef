package io.camelgateway;

import io.camelgateway.config.GatewayConfiguration;
import io.camelgateway.config.GatewayLifecycle;
import io.camelgateway.config.RouteSources;
import io.camelgateway.reload.ValidatingRouteReloadStrategy;
import io.camelgateway.secrets.RedactingPrintStream;
import java.io.File;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/** Starts the gateway: Camel Main with the gateway's beans, the jar's entry routes and the operator's routes. */
public final class GatewayMain {

    private GatewayMain() {
    }

    /**
     * Server settings Camel Main binds without consulting environment variables; mapped here so that, as for every
     * other setting, the environment variable wins over a -D system property.
     */
    private static final String[] SERVER_KEYS = {"camel.server.host", "camel.server.port", "camel.server.max-body-size"};

    public static void main(String[] args) throws Exception {
        RedactingPrintStream.install();
        applyServerEnvironment();
        GatewayLifecycle lifecycle = new GatewayLifecycle();
        CountDownLatch mainDone = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> exitZeroAfterCleanStop(lifecycle, mainDone),
                "gateway-exit-status"));
        try {
            create(new File(System.getProperty("gateway.routes-dir", "routes")), lifecycle).run(args);
        } finally {
            mainDone.countDown();
        }
    }

    /**
     * A SIGTERM makes the JVM exit with 143 whatever its shutdown hooks do, unless one halts it. This hook waits until
     * Camel Main has drained and stopped (the main thread returns), and then reports a clean stop as 0, which is what
     * process managers expect. A stop that failed or overran keeps the JVM's own status.
     */
    private static void exitZeroAfterCleanStop(GatewayLifecycle lifecycle, CountDownLatch mainDone) {
        try {
            if (mainDone.await(lifecycle.stopBoundSeconds(), TimeUnit.SECONDS) && lifecycle.stoppedCleanly()) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void applyServerEnvironment() {
        for (String key : SERVER_KEYS) {
            String variable = key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                System.setProperty(key, value.trim());
            }
        }
    }

    private static void addService(CamelContext camel, Object service) {
        try {
            camel.addService(service);
        } catch (Exception e) {
            throw new IllegalStateException("cannot install the route watcher", e);
        }
    }

    public static Main create(File routesDir) {
        return create(routesDir, new GatewayLifecycle());
    }

    static Main create(File routesDir, GatewayLifecycle lifecycle) {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation(
                "file:application.properties;optional=true,classpath:application.properties;optional=true");
        main.configure().addConfiguration(GatewayConfiguration.class);
        main.configure().setRoutesIncludePattern(RouteSources.includePattern(routesDir));
        main.addMainListener(lifecycle);
        if (routesDir.isDirectory()) {
            // Camel Main's own watcher (routes-reload-enabled) is replaced by one that validates before applying;
            // it watches routes/ only, one file name pattern (*.yaml), and never removes the other routes.
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport configured) {
                    addService(configured.getCamelContext(), new ValidatingRouteReloadStrategy(routesDir.getPath()));
                }
            });
        }
        return main;
    }
}
