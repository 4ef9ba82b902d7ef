package io.camelgateway.provider.google;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.camelgateway.secrets.SecretRedactor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access token of one Google identity, kept ready: fetched on this class's own thread as soon as the
 * credentials are loaded, renewed there before it expires, so a turn normally finds a valid token without waiting and
 * no token is ever fetched on a Vert.x event loop. Only a worker thread may wait ({@link #token}, {@link #renew}),
 * and only when no valid token is at hand (the first turns after start, or after a failed renewal).
 */
public final class GoogleAccessTokens implements AutoCloseable {

    /** Why no token can be given: the credentials are unusable, Google refused them, or it could not be reached. */
    public enum Failure { UNUSABLE, REJECTED, UNREACHABLE }

    /** No token for a turn; the message is safe for the client (no path, no file contents, no token). */
    public static final class Unavailable extends Exception {
        private final Failure failure;

        Unavailable(Failure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    /** Loads the credentials; may block (application-default credentials probe the metadata server). */
    @FunctionalInterface
    public interface Source {
        GoogleCredentialsLoader.Loaded load() throws GoogleCredentialsException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GoogleAccessTokens.class);
    private static final long MAX_MARGIN_MS = Duration.ofMinutes(5).toMillis();
    private static final long MAX_SAFETY_MS = Duration.ofMinutes(1).toMillis();
    private static final long MAX_RETRY_MS = Duration.ofMinutes(1).toMillis();

    private final ScheduledExecutorService thread;
    private final LongSupplier clock;
    private final CompletableFuture<GoogleCredentialsLoader.Loaded> loaded = new CompletableFuture<>();
    private volatile Token token;
    private volatile Unavailable lastFailure;
    private CompletableFuture<Token> inFlight;
    private ScheduledFuture<?> scheduled;
    private long retryDelayMs = 1_000;
    /** Touched on this class's thread only. */
    private final java.util.ArrayDeque<SecretRedactor.Registration> redactions = new java.util.ArrayDeque<>();

    private record Token(String value, long expiresAtMs, long lifetimeMs) {

        /** Usable for a request now: not expired, with a safety margin for the request's own time. */
        boolean usable(long now) {
            return expiresAtMs - Math.min(MAX_SAFETY_MS, lifetimeMs / 10) > now;
        }
    }

    private GoogleAccessTokens(LongSupplier clock) {
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "google-access-tokens");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the credentials and fetches the first token on this class's thread; returns at once. */
    public static GoogleAccessTokens start(Source source) {
        GoogleAccessTokens tokens = new GoogleAccessTokens(System::currentTimeMillis);
        tokens.thread.execute(() -> tokens.load(source));
        return tokens;
    }

    private void load(Source source) {
        try {
            GoogleCredentialsLoader.Loaded credentials = source.load();
            loaded.complete(credentials);
            LOG.info("Google credentials loaded: {}", credentials.description());
            refreshNow();
        } catch (GoogleCredentialsException e) {
            LOG.error("{}. Vertex AI turns are answered 400 until this is fixed and the gateway restarted.",
                    e.getMessage());
            lastFailure = new Unavailable(Failure.UNUSABLE, "the gateway's Google credentials are not usable (its "
                    + "startup log says why)");
            loaded.completeExceptionally(e);
        } catch (RuntimeException e) {
            LOG.error("Google credentials could not be loaded ({})", e.getClass().getSimpleName());
            lastFailure = new Unavailable(Failure.UNUSABLE, "the gateway's Google credentials are not usable");
            loaded.completeExceptionally(e);
        }
    }

    /** The loaded credentials' project, or null (none named, still loading, or unusable). */
    public String projectId() {
        GoogleCredentialsLoader.Loaded credentials = loaded.getNow(null);
        return credentials == null || loaded.isCompletedExceptionally() ? null : credentials.projectId();
    }

    /** The current valid token, or null; never blocks (safe on an event loop). */
    public String current() {
        Token now = token;
        return now != null && now.usable(clock.getAsLong()) ? now.value() : null;
    }

    /**
     * A valid token: the current one, else the one being fetched, waited for up to {@code wait}. Worker threads
     * only.
     */
    public String token(Duration wait) throws Unavailable {
        String current = current();
        return current != null ? current : await(fetch(false), wait);
    }

    /**
     * Google rejected {@code rejected} (HTTP 401): fetches a new token unless one newer than it is already at hand.
     * Worker threads only. True when a different valid token is now current.
     */
    public boolean renew(String rejected, Duration wait) {
        Token now = token;
        if (now != null && !now.value().equals(rejected) && now.usable(clock.getAsLong())) {
            return true;
        }
        discard(rejected);
        try {
            String fresh = await(fetch(true), wait);
            return !fresh.equals(rejected);
        } catch (Unavailable e) {
            return false;
        }
    }

    /** Forgets {@code rejected}: should no new token come, turns wait for one rather than send it again. */
    private synchronized void discard(String rejected) {
        if (token != null && token.value().equals(rejected)) {
            token = null;
        }
    }

    private String await(CompletableFuture<Token> pending, Duration wait) throws Unavailable {
        if (io.vertx.core.Context.isOnEventLoopThread() && !pending.isDone()) {
            // an event loop never waits: the fetch goes on in the background, this turn is told to retry
            throw new Unavailable(Failure.UNREACHABLE, "no access token is ready yet");
        }
        try {
            return pending.get(wait.toMillis(), TimeUnit.MILLISECONDS).value();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Unavailable u ? u
                    : new Unavailable(Failure.UNREACHABLE, "no access token could be fetched from Google");
        } catch (TimeoutException e) {
            throw new Unavailable(Failure.UNREACHABLE, "Google did not issue an access token within "
                    + wait.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(Failure.UNREACHABLE, "interrupted while waiting for an access token");
        }
    }

    /** The pending fetch, started now if none is under way ({@code force}: even if the current token is valid). */
    private synchronized CompletableFuture<Token> fetch(boolean force) {
        if (loaded.isCompletedExceptionally()) {
            return CompletableFuture.failedFuture(lastFailure);
        }
        if (inFlight != null) {
            return inFlight;
        }
        if (!force && current() != null) {
            return CompletableFuture.completedFuture(token);
        }
        CompletableFuture<Token> pending = new CompletableFuture<>();
        inFlight = pending;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        thread.execute(() -> refreshInto(pending));
        return pending;
    }

    private void refreshNow() {
        CompletableFuture<Token> pending;
        synchronized (this) {
            if (inFlight != null) {
                return;
            }
            pending = new CompletableFuture<>();
            inFlight = pending;
        }
        refreshInto(pending);
    }

    /** Runs on this class's thread: fetches a token, then schedules the next renewal (or a retry after a failure). */
    private void refreshInto(CompletableFuture<Token> pending) {
        GoogleCredentials credentials;
        try {
            credentials = loaded.get().credentials();
        } catch (ExecutionException | InterruptedException e) {
            finish(pending, null, lastFailure);
            return;
        }
        try {
            AccessToken fetched = credentials.refreshAccessToken();
            long now = clock.getAsLong();
            long expiresAt = fetched.getExpirationTime() == null ? Long.MAX_VALUE
                    : fetched.getExpirationTime().getTime();
            Token fresh = new Token(fetched.getTokenValue(), expiresAt, Math.max(0, expiresAt - now));
            redact(fresh.value());
            synchronized (this) {
                token = fresh;
            }
            lastFailure = null;
            retryDelayMs = 1_000;
            finish(pending, fresh, null);
            if (expiresAt != Long.MAX_VALUE) {
                long margin = Math.min(MAX_MARGIN_MS, fresh.lifetimeMs() / 4);
                schedule(Math.max(200, fresh.lifetimeMs() - margin));
            }
        } catch (Exception e) {
            Unavailable failure = describe(e);
            boolean first = lastFailure == null;
            lastFailure = failure;
            if (first) {
                LOG.warn("Google access token not renewed: {}; retrying in the background", failure.getMessage());
            }
            finish(pending, null, failure);
            schedule(retryDelayMs);
            retryDelayMs = Math.min(MAX_RETRY_MS, retryDelayMs * 2);
        }
    }

    /** Tokens are redacted from logs and errors while they may still be in use: the current one and the one before. */
    private void redact(String value) {
        redactions.addLast(SecretRedactor.registerWhile(value));
        while (redactions.size() > 2) {
            redactions.removeFirst().close();
        }
    }

    private synchronized void finish(CompletableFuture<Token> pending, Token fresh, Unavailable failure) {
        if (inFlight == pending) {
            inFlight = null;
        }
        if (fresh != null) {
            pending.complete(fresh);
        } else {
            pending.completeExceptionally(failure);
        }
    }

    private synchronized void schedule(long delayMs) {
        if (thread.isShutdown()) {
            return;
        }
        scheduled = thread.schedule(this::refreshNow, delayMs, TimeUnit.MILLISECONDS);
    }

    /** The failure in words fit for a client: an HTTP status at most, never the token endpoint's body. */
    private static Unavailable describe(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpResponseException http) {
                int status = http.getStatusCode();
                if (status == 400 || status == 401 || status == 403) {
                    return new Unavailable(Failure.REJECTED, "Google's token endpoint refused the gateway's "
                            + "credentials (HTTP " + status + ")");
                }
                return new Unavailable(Failure.UNREACHABLE, "Google's token endpoint answered HTTP " + status);
            }
        }
        return new Unavailable(Failure.UNREACHABLE, "Google's token endpoint could not be reached ("
                + e.getClass().getSimpleName() + ")");
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
