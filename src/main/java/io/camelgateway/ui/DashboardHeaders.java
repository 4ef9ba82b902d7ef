package io.camelgateway.ui;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/** The response headers of every dashboard answer: nothing from elsewhere may load, nothing with data is cached. */
final class DashboardHeaders {

    /** Scripts, styles and data only from the gateway itself; no inline script, no frames, no form posts. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private DashboardHeaders() {
    }

    static void answer(Exchange exchange, int status, String contentType, String cacheControl, byte[] body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        if (exchange.getIn() instanceof HttpMessage http && http.getResponse() != null) {
            // Camel's HTTP header filter drops Cache-Control from the message headers, so it goes on the response itself
            http.getResponse().putHeader("cache-control", cacheControl);
        }
        message.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setHeader("X-Frame-Options", "DENY");
        message.setBody(body);
    }
}
