package io.camelgateway.metrics;

import io.camelgateway.ops.AdminAccess;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/** The gateway's one meter registry and {@code GET /metrics}, in the Prometheus text format. */
public final class GatewayMetrics {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile AdminAccess access;

    public MeterRegistry registry() {
        return registry;
    }

    /** From then on a scrape off loopback needs the admin token (loopback scrapers need none). */
    public void protectWith(AdminAccess admin) {
        this.access = admin;
    }

    public void scrape(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        exchange.getMessage().removeHeaders("*");
        AdminAccess admin = access;
        if (admin != null && !admin.allowsLoopbackOrToken(authorization, remoteHost(exchange))) {
            admin.refused();
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 403);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
            exchange.getMessage().setBody("/metrics off loopback needs the admin token: Authorization: Bearer"
                    + " <GATEWAY_ADMIN_TOKEN>\n");
            return;
        }
        String text = registry.scrape();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getMessage().setBody(text);
    }

    private static String remoteHost(Exchange exchange) {
        return exchange.getIn() instanceof HttpMessage http && http.getRequest().remoteAddress() != null
                ? http.getRequest().remoteAddress().hostAddress() : null;
    }
}
