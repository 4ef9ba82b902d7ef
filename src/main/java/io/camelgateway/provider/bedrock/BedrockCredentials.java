package io.camelgateway.provider.bedrock;

import io.camelgateway.secrets.SecretRedactor;
import io.vertx.core.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The AWS credentials Bedrock requests are signed with, from the SDK's standard chain (environment, system
 * properties, web identity, profile files, container and instance metadata). The chain may read files or call a
 * metadata endpoint, so it only ever runs on this class's own thread: first when a Bedrock provider is first
 * needed, then again before temporary credentials expire (and every few minutes, to follow rotated ones). A turn
 * only reads the last result; a worker thread may wait briefly for the very first lookup, an event-loop thread never.
 */
public final class BedrockCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(BedrockCredentials.class);
    private static final Duration REFRESH = Duration.ofMinutes(5);
    private static final Duration RETRY = Duration.ofSeconds(30);
    private static final Duration BEFORE_EXPIRY = Duration.ofMinutes(5);
    private static final long FIRST_LOOKUP_WAIT_MS = 10_000;
    private static final long SUMMARY_WAIT_MS = 300;

    private final Supplier<AwsCredentialsIdentity> chain;
    private final Object lock = new Object();
    private ScheduledExecutorService thread;
    private CompletableFuture<Void> firstLookup;
    private volatile AwsCredentialsIdentity current;
    private volatile boolean lookedUp;

    private BedrockCredentials(Supplier<AwsCredentialsIdentity> chain) {
        this.chain = chain;
    }

    /** The SDK's default chain, built on the lookup thread when first needed. */
    public static BedrockCredentials standardChain() {
        DefaultCredentialsProvider[] provider = new DefaultCredentialsProvider[1];
        return new BedrockCredentials(() -> {
            if (provider[0] == null) {
                provider[0] = DefaultCredentialsProvider.builder().build();
            }
            return provider[0].resolveCredentials();
        });
    }

    /** Credentials from {@code chain}, looked up like the standard chain's (tests). */
    static BedrockCredentials lookingUpWith(Supplier<AwsCredentialsIdentity> chain) {
        return new BedrockCredentials(chain);
    }

    /** Fixed credentials (tests), or none when {@code identity} is null. */
    public static BedrockCredentials fixed(AwsCredentialsIdentity identity) {
        BedrockCredentials fixed = new BedrockCredentials(() -> {
            if (identity == null) {
                throw new IllegalStateException("no credentials");
            }
            return identity;
        });
        fixed.current = identity;
        fixed.lookedUp = true;
        return fixed;
    }

    /**
     * The credentials to sign with, or null when the chain found none. Starts the lookup on first use; a caller
     * that is not on an event loop waits up to a few seconds for that first lookup.
     */
    public AwsCredentialsIdentity current() {
        AwsCredentialsIdentity known = current;
        if (known != null || lookedUp) {
            return known;
        }
        CompletableFuture<Void> first = start();
        if (!Context.isOnEventLoopThread()) {
            try {
                first.get(FIRST_LOOKUP_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // still looking up: the caller reports the credentials as missing for now
            }
        }
        return current;
    }

    /** Starts the lookup (once); completes when the first lookup finished, whatever it found. */
    public CompletableFuture<Void> start() {
        synchronized (lock) {
            if (firstLookup == null) {
                firstLookup = new CompletableFuture<>();
                thread = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "bedrock-credentials");
                    t.setDaemon(true);
                    return t;
                });
                thread.execute(this::lookUp);
            }
            return firstLookup;
        }
    }

    /**
     * A one-line description for the startup summary (never a secret). Starts the lookup and waits for it only
     * briefly: when it takes longer (instance metadata), its outcome is logged when known.
     */
    public String describe() {
        try {
            start().get(SUMMARY_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "AWS credentials being looked up in the standard chain (the outcome is logged)";
        } catch (Exception e) {
            return "AWS credentials being looked up in the standard chain (the outcome is logged)";
        }
        if (current == null) {
            return "AWS credentials NOT found in the standard chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                    + "AWS_PROFILE with " + profileFiles() + ", web identity, container or instance metadata)";
        }
        return "AWS credentials found in the standard chain" + (current.expirationTime().isPresent()
                ? " (temporary, refreshed before expiry)" : "");
    }

    private static String profileFiles() {
        String credentials = System.getenv("AWS_SHARED_CREDENTIALS_FILE");
        String config = System.getenv("AWS_CONFIG_FILE");
        return (credentials == null ? "~/.aws/credentials" : credentials) + " and " + (config == null ? "~/.aws/config" : config);
    }

    private void lookUp() {
        Duration next = REFRESH;
        try {
            AwsCredentialsIdentity found = chain.get();
            SecretRedactor.register(found.secretAccessKey());
            if (found instanceof AwsSessionCredentialsIdentity session) {
                SecretRedactor.register(session.sessionToken());
            }
            if (current == null) {
                LOG.info("Bedrock: AWS credentials found in the standard chain");
            }
            current = found;
            Instant expiry = found.expirationTime().orElse(null);
            if (expiry != null) {
                Duration untilRefresh = Duration.between(Instant.now(), expiry.minus(BEFORE_EXPIRY));
                next = untilRefresh.compareTo(RETRY) < 0 ? RETRY : untilRefresh.compareTo(REFRESH) > 0 ? REFRESH : untilRefresh;
            }
        } catch (RuntimeException e) {
            // the SDK's message may quote a line of a credentials file: only the files are named
            if (!lookedUp) {
                LOG.info("Bedrock: no AWS credentials found in the standard chain (files {}); bedrock turns answer "
                        + "400 provider_key_missing until there are", profileFiles());
            }
            AwsCredentialsIdentity stale = current;
            if (stale != null && stale.expirationTime().map(t -> t.isBefore(Instant.now())).orElse(false)) {
                current = null;
            }
            next = RETRY;
        } finally {
            lookedUp = true;
            firstLookup.complete(null);
        }
        thread.schedule(this::lookUp, next.toMillis(), TimeUnit.MILLISECONDS);
    }
}
