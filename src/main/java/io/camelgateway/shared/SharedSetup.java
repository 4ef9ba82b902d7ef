package io.camelgateway.shared;

import io.camelgateway.secrets.SecretRedactor;
import io.camelgateway.settings.SettingsReader;
import java.net.URI;
import java.time.Duration;

/** Builds the one {@link SharedState} of the gateway from its settings: Redis when gateway.redis.url is set. */
public final class SharedSetup {

    private SharedSetup() {
    }

    public static SharedState sharedState(SettingsReader read) {
        SharedSettings settings = new SharedSettings(read.string("gateway.redis.key-prefix"),
                Duration.ofMillis(read.number("gateway.redis.command-timeout-ms")),
                Duration.ofSeconds(read.number("gateway.budget.reservation-ttl-s")),
                SharedSettings.defaults().budgetRetention(),
                Duration.ofMillis(read.number("gateway.redis.health-check-ms")),
                Duration.ofMillis(read.number("gateway.redis.revocation-poll-ms")));
        String url = read.optional("gateway.redis.url").map(String::strip).orElse("");
        if (url.isEmpty()) {
            return SharedState.local(settings);
        }
        registerPassword(url);
        return SharedState.redis(url, settings);
    }

    /** A password in redis://user:password@host keeps out of logs. */
    private static void registerPassword(String url) {
        try {
            String userInfo = URI.create(url).getUserInfo();
            if (userInfo != null) {
                SecretRedactor.register(userInfo.substring(userInfo.indexOf(':') + 1));
            }
        } catch (IllegalArgumentException notAUri) {
            // Lettuce reports a malformed URL itself
        }
    }
}
