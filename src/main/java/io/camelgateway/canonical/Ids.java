package io.camelgateway.canonical;

import java.util.concurrent.ThreadLocalRandom;

/** Random ids in the OpenAI style ({@code resp_…}, {@code msg_…}, {@code fc_…}). */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {
    }

    public static String next(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[24];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return prefix + new String(out);
    }
}
