package io.camelgateway.shared;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@link SharedCounters} in Redis through Lettuce: every check-and-update is one Lua script run by EVALSHA (loaded
 * again when Redis answers NOSCRIPT after a restart). While disconnected, commands fail at once instead of queueing,
 * so {@link SharedState} can fall back without waiting; Lettuce reconnects by itself.
 */
public final class RedisCounters implements SharedCounters {

    private final ClientResources resources;
    private final RedisClient client;
    private final String prefix;
    private final long reservationTtlMillis;
    private final long retentionSeconds;
    private volatile StatefulRedisConnection<String, String> connection;

    public RedisCounters(String redisUrl, SharedSettings settings) {
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(settings.commandTimeout());
        // Reconnect attempts back off to the health-check interval at most, so sharing resumes soon after Redis does.
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), settings.healthCheckInterval(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build());
        this.prefix = settings.keyPrefix();
        this.reservationTtlMillis = settings.reservationTtl().toMillis();
        this.retentionSeconds = settings.budgetRetention().toSeconds();
    }

    /** Round trip to Redis; throws when it cannot be reached (connecting first if never connected). */
    public void ping() {
        commands().ping();
    }

    @Override
    public BudgetResult reserve(String scope, String period, String reservationId, long microUsd, long hardLimitMicroUsd) {
        return budget(RedisScripts.RESERVE, scope, period, reservationId, String.valueOf(microUsd),
                String.valueOf(hardLimitMicroUsd), String.valueOf(reservationTtlMillis), String.valueOf(retentionSeconds));
    }

    @Override
    public BudgetResult settle(String scope, String period, String reservationId, long actualMicroUsd) {
        return budget(RedisScripts.SETTLE, scope, period, reservationId, String.valueOf(actualMicroUsd),
                String.valueOf(retentionSeconds));
    }

    @Override
    public BudgetResult release(String scope, String period, String reservationId) {
        return budget(RedisScripts.RELEASE, scope, period, reservationId);
    }

    @Override
    public BudgetResult totals(String scope, String period) {
        return budget(RedisScripts.TOTALS, scope, period);
    }

    @Override
    public BudgetResult seedSpent(String scope, String period, long spentMicroUsd) {
        return budget(RedisScripts.SEED, scope, period, String.valueOf(spentMicroUsd), String.valueOf(retentionSeconds));
    }

    @Override
    public RateResult acquire(String scope, long amount, long limit, long windowMillis, RateWindow window) {
        return rate(scope, amount, limit, windowMillis, window, true);
    }

    @Override
    public RateResult record(String scope, long amount, long limit, long windowMillis, RateWindow window) {
        return rate(scope, amount, limit, windowMillis, window, false);
    }

    @Override
    public void revoke(String keyId) {
        run(RedisScripts.REVOKE, ScriptOutputType.INTEGER, new String[] {revokedSet(), revocationVersion()}, keyId);
    }

    @Override
    public Set<String> revokedKeys() {
        return commands().smembers(revokedSet());
    }

    /** Goes up by one with every revocation; replicas poll it and read the set only when it moved. */
    public long revocationsVersion() {
        String value = commands().get(revocationVersion());
        return value == null ? 0 : Long.parseLong(value);
    }

    /** A plain value under the key prefix, or null. */
    public String value(String name) {
        return commands().get(prefix + name);
    }

    /** Sets a plain value under the key prefix, expiring after {@code ttlMillis}. */
    public void putValue(String name, String value, long ttlMillis) {
        commands().set(prefix + name, value, io.lettuce.core.SetArgs.Builder.px(Math.max(1, ttlMillis)));
    }

    private BudgetResult budget(String script, String scope, String period, String... args) {
        String budgetKey = prefix + "budget:" + scope + ":" + period;
        List<Long> reply = run(script, ScriptOutputType.MULTI, new String[] {budgetKey, budgetKey + ":expiries"}, args);
        return new BudgetResult(reply.get(0) == 1, reply.get(1), reply.get(2));
    }

    private RateResult rate(String scope, long amount, long limit, long windowMillis, RateWindow window, boolean enforce) {
        String mode = window.name().toLowerCase(Locale.ROOT);
        String key = prefix + "rate:" + scope + ":" + windowMillis + ":" + mode;
        List<Long> reply = run(RedisScripts.RATE, ScriptOutputType.MULTI, new String[] {key},
                String.valueOf(amount), String.valueOf(limit), String.valueOf(windowMillis), mode, enforce ? "1" : "0");
        return new RateResult(reply.get(0) == 1, reply.get(1), reply.get(2));
    }

    private <T> T run(String script, ScriptOutputType type, String[] keys, String... args) {
        RedisCommands<String, String> commands = commands();
        try {
            return commands.evalsha(sha1(script), type, keys, args);
        } catch (RedisNoScriptException notLoaded) {
            commands.scriptLoad(script);
            return commands.evalsha(sha1(script), type, keys, args);
        }
    }

    private RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            synchronized (this) {
                current = connection;
                if (current == null) {
                    current = client.connect();
                    connection = current;
                }
            }
        }
        return current.sync();
    }

    private String revokedSet() {
        return prefix + "revoked";
    }

    private String revocationVersion() {
        return prefix + "revoked:version";
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
