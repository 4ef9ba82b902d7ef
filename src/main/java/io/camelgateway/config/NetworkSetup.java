package io.camelgateway.config;

import io.camelgateway.http.UpstreamProxies;
import io.camelgateway.secrets.SecretRedactor;
import io.camelgateway.settings.SettingsReader;
import io.camelgateway.tls.ServerIdentity;
import io.camelgateway.tls.TlsSetupException;
import io.camelgateway.tls.UpstreamTrust;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;

/**
 * The gateway in a corporate network: its own listener's TLS identity ({@code gateway.tls.*}), and for provider
 * calls the proxies of the environment and the extra CAs of {@code gateway.upstream.trust-store}. Read once at
 * startup; a setting that cannot be used stops the gateway with one line ({@link StartupChecks#refuse}).
 *
 * @param identity null when the listener speaks plain HTTP
 * @param trust    null when provider certificates are checked against the JDK's CAs only
 */
public record NetworkSetup(ServerIdentity identity, UpstreamProxies proxies, UpstreamTrust trust) {

    public static NetworkSetup read(SettingsReader settings, Map<String, String> environment) {
        String keystorePassword = secret(settings, environment, "gateway.tls.keystore-password");
        String trustPassword = secret(settings, environment, "gateway.upstream.trust-store-password");
        SecretRedactor.register(keystorePassword);
        SecretRedactor.register(trustPassword);
        try {
            ServerIdentity identity = ServerIdentity.load(settings.optional(ServerIdentity.KEYSTORE).orElse(null),
                    keystorePassword, settings.optional(ServerIdentity.CERT).orElse(null),
                    settings.optional(ServerIdentity.KEY).orElse(null));
            UpstreamTrust trust = UpstreamTrust.load(settings.optional(UpstreamTrust.TRUST_STORE).orElse(null),
                    trustPassword);
            return new NetworkSetup(identity, UpstreamProxies.fromEnvironment(environment), trust);
        } catch (TlsSetupException | IllegalArgumentException e) {
            StartupChecks.refuse(e.getMessage());
            throw e; // not reached: refuse halts the JVM
        }
    }

    /**
     * A password as its environment variable holds it: read raw, because the settings would take {@code {{...}}} in
     * a generated password for a placeholder. Falls back to the setting (a -D property or a file).
     */
    private static String secret(SettingsReader settings, Map<String, String> environment, String key) {
        String variable = key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
        String raw = environment.get(variable);
        if (raw != null && !raw.isEmpty()) {
            return raw;
        }
        return settings.optional(key).orElse(null);
    }

    /**
     * Makes the identity Camel's global SSL context, which {@code camel.server.use-global-ssl-context-parameters}
     * hands to the platform-http server when it binds.
     */
    public void applyTo(CamelContext camel) {
        if (identity != null) {
            camel.setSSLContextParameters(identity.sslContextParameters());
        }
    }

    /** Startup log lines: the listener's certificate, the upstream proxies and CAs (file names, never passwords). */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (identity != null) {
            lines.add("TLS: certificate " + identity.certificate().getSubjectX500Principal().getName() + " from "
                    + identity.source() + ", valid until " + identity.certificate().getNotAfter().toInstant());
        }
        String proxy = proxies.describe();
        if (proxy != null) {
            lines.add("upstream proxy: " + proxy);
        }
        if (trust != null) {
            lines.add("upstream trust: " + trust.describe());
        }
        return lines;
    }
}
