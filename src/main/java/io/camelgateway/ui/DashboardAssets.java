package io.camelgateway.ui;

import io.camelgateway.canonical.TurnError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code GET /ui} and its two assets, read from the jar once. The page holds no data (it asks {@code /ui/api/…} with
 * the admin token the user typed), so it is served without the token; 404 when no admin token is set.
 */
public final class DashboardAssets implements Processor {

    private record Asset(String contentType, byte[] body) {
    }

    private final Map<String, Asset> assets;
    private final boolean enabled;
    private final Function<TurnError, byte[]> errorBodies;

    DashboardAssets(boolean enabled, Function<TurnError, byte[]> errorBodies) {
        this.enabled = enabled;
        this.errorBodies = errorBodies;
        this.assets = Map.of(
                "index.html", new Asset("text/html; charset=utf-8", read("index.html")),
                "app.js", new Asset("text/javascript; charset=utf-8", read("app.js")),
                "app.css", new Asset("text/css; charset=utf-8", read("app.css")));
    }

    static TurnError off() {
        return TurnError.notFound("not_found", "The dashboard is off: set GATEWAY_ADMIN_TOKEN (gateway.admin.token).");
    }

    @Override
    public void process(Exchange exchange) {
        String name = exchange.getMessage().getHeader("asset", "index.html", String.class);
        Asset asset = enabled ? assets.get(name) : null;
        if (asset == null) {
            TurnError error = enabled ? TurnError.notFound("not_found", "No such dashboard file.") : off();
            DashboardHeaders.answer(exchange, 404, "application/json", "no-store", errorBodies.apply(error));
            return;
        }
        // revalidated on every load, so a new gateway version's page and script always arrive together
        DashboardHeaders.answer(exchange, 200, asset.contentType(), "no-cache", asset.body());
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream("/ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks ui/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
