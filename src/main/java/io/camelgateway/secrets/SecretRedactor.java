package io.camelgateway.secrets;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every secret the gateway holds (provider keys, the admin token, later virtual keys), and the one place that
 * removes them from text leaving the process: error bodies, stream events, admin output, log lines. Process-wide,
 * like a logger, because upstream text is turned into errors in static helpers and codecs.
 *
 * <p>Each secret is also matched URL-encoded and JSON-escaped (as an upstream may echo it). Values shorter than
 * {@value #MIN_LENGTH} characters are not secrets: placeholders such as {@code EMPTY} (vLLM's convention for "no
 * key") would otherwise be cut out of ordinary words.
 */
public final class SecretRedactor {

    public static final String REDACTED = "[redacted]";
    static final int MIN_LENGTH = 8;

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    /** Secrets known for a while only (a client's own key during its request), with how many holders each has. */
    private static final Map<String, Integer> SCOPED = new HashMap<>();
    /** What is searched for, longest first so a longer form is replaced before a shorter one inside it. */
    private static volatile String[] forms = new String[0];
    private static volatile byte[][] formBytes = new byte[0][];

    private SecretRedactor() {
    }

    /** Adds a secret; cheap when it is already known (provider keys are registered each time they are resolved). */
    public static void register(String secret) {
        if (secret == null) {
            return;
        }
        String value = secret.strip();
        if (value.length() < MIN_LENGTH || SECRETS.contains(value)) {
            return;
        }
        synchronized (SecretRedactor.class) {
            if (SECRETS.add(value)) {
                rebuild();
            }
        }
    }

    /**
     * Adds a secret until the returned registration is closed: a key a client sent that goes upstream (auth mode
     * passthrough) is redacted from whatever its request writes, without every key ever presented staying in the set.
     * Closing twice is harmless; a secret also registered for good stays.
     */
    public static Registration registerWhile(String secret) {
        String value = secret == null ? "" : secret.strip();
        if (value.length() < MIN_LENGTH || SECRETS.contains(value)) {
            return () -> { };
        }
        synchronized (SecretRedactor.class) {
            if (SCOPED.merge(value, 1, Integer::sum) == 1) {
                rebuild();
            }
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                release(value);
            }
        };
    }

    private static void release(String value) {
        synchronized (SecretRedactor.class) {
            if (SCOPED.merge(value, -1, Integer::sum) <= 0) {
                SCOPED.remove(value);
                rebuild();
            }
        }
    }

    /** A secret known for a while; see {@link #registerWhile}. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private static void rebuild() {
        Set<String> all = new LinkedHashSet<>();
        Set<String> secrets = new LinkedHashSet<>(SECRETS);
        secrets.addAll(SCOPED.keySet());
        for (String secret : secrets) {
            all.add(secret);
            all.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
            String json = new String(JsonStringEncoder.getInstance().quoteAsString(secret));
            all.add(json);
            all.add(json.replace("/", "\\/"));
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        byte[][] bytes = new byte[sorted.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = sorted.get(i).getBytes(StandardCharsets.UTF_8);
        }
        forms = sorted.toArray(String[]::new);
        formBytes = bytes;
    }

    /** {@code text} with every secret replaced by {@value #REDACTED}; the same instance when it holds none. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String form : forms) {
            if (out.contains(form)) {
                out = out.replace(form, REDACTED);
            }
        }
        return out;
    }

    /** As {@link #redact(String)} for UTF-8 bytes; the same array when it holds no secret (no copy on the hot path). */
    public static byte[] redact(byte[] bytes) {
        if (bytes == null || !containsAny(bytes)) {
            return bytes;
        }
        return redact(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean containsAny(byte[] bytes) {
        for (byte[] form : formBytes) {
            if (indexOf(bytes, form) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
