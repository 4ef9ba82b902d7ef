package io.camelgateway.db;

import io.camelgateway.settings.SettingsReader;
import java.time.Duration;

/**
 * Where the gateway's database is and how to reach it. An empty user means the database's own default: {@code sa}
 * for H2 (its documented default user, the one H2's tools assume), the URL's {@code ?user=} or the driver's default
 * for PostgreSQL.
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, Duration connectTimeout) {

    static final String H2_DEFAULT_USER = "sa";

    public DatabaseSettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("gateway.db.url is empty: an H2 file (jdbc:h2:file:./data/gateway)"
                    + " or PostgreSQL (jdbc:postgresql://host:5432/gateway) is needed");
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("gateway.db.url must start with jdbc:h2: or jdbc:postgresql:, not "
                    + shown(url));
        }
        if (connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("gateway.db.connect-timeout-ms must be at least 250");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("gateway.db.pool-size must be at least 1, not " + poolSize);
        }
        user = user == null || user.isBlank() ? null : user.strip();
        password = password == null ? "" : password;
    }

    public static DatabaseSettings from(SettingsReader settings) {
        return new DatabaseSettings(settings.string("gateway.db.url"),
                settings.optional("gateway.db.user").orElse(null),
                settings.optional("gateway.db.password").orElse(null),
                settings.integer("gateway.db.pool-size"),
                Duration.ofMillis(settings.number("gateway.db.connect-timeout-ms")));
    }

    /** For tests and tools: default pool size and connect timeout. */
    public static DatabaseSettings of(String url, String user, String password) {
        return new DatabaseSettings(url, user, password, 8, Duration.ofSeconds(2));
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The user the pool connects as (null: the driver's own default, e.g. the URL's ?user=). */
    String effectiveUser() {
        if (user != null) {
            return user;
        }
        return isPostgres() ? null : H2_DEFAULT_USER;
    }

    /** The URL without credentials or parameters, for log lines. */
    public String describe() {
        return shown(url);
    }

    private static String shown(String text) {
        String shown = text.replaceAll("//[^/@]*@", "//");
        int cut = shown.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = shown.indexOf(separator);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return shown.substring(0, cut);
    }
}
