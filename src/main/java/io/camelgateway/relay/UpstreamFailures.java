package io.camelgateway.relay;

import io.camelgateway.canonical.TurnError;
import io.camelgateway.http.MalformedStreamException;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.UpstreamErrors;
import io.netty.handler.proxy.ProxyConnectException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed connection or a broken upstream answer means for the client. The exception's own text names the
 * upstream host and port: it goes to the log, and the client gets the provider's name and a plain reason.
 */
final class UpstreamFailures {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamFailures.class);

    private UpstreamFailures() {
    }

    /**
     * @param answering      the provider had sent its response head (a stream had begun, or a body was being read)
     * @param connectTimeoutMs the connect timeout, named when Vert.x gives up connecting
     */
    static TurnError describe(ProviderTarget target, Throwable failure, boolean answering, long connectTimeoutMs) {
        String provider = target.provider();
        if (failure instanceof TimeoutException) {
            // the relay's own timers: their messages are the gateway's ("no response within 300000 ms")
            return UpstreamErrors.timeout(provider, failure.getMessage() == null ? "timeout" : failure.getMessage());
        }
        LOG.warn("provider {} at {}: {}", provider, target.baseUrl(), failure.toString());
        if (failure instanceof MalformedStreamException) {
            return new TurnError(502, "server_error", "bad_response", "The provider '" + provider
                    + "' sent a stream the gateway could not decode (" + failure.getMessage() + "); retry.", null, 1L);
        }
        if (answering) {
            return UpstreamErrors.streamInterrupted(provider);
        }
        if (failure.getClass().getSimpleName().contains("Timeout")) {
            return UpstreamErrors.timeout(provider, "no connection within " + connectTimeoutMs + " ms");
        }
        return UpstreamErrors.unreachable(provider, reason(failure));
    }

    private static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "its host name does not resolve";
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to its host";
            }
            if (cause instanceof ProxyConnectException) {
                return "the proxy did not open a tunnel to it";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof CertificateException) {
                return "its TLS certificate is not trusted by the gateway; a corporate CA belongs in "
                        + "gateway.upstream.trust-store";
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return "TLS handshake failed";
            }
        }
        return "the connection closed before it answered";
    }
}
