package io.camelgateway.keys;

import java.util.List;

/** Which models a key may use: exact names and aliases, or globs where {@code *} matches any run of characters. */
public final class ModelGlobs {

    private ModelGlobs() {
    }

    /** True when {@code allowed} is empty (every model) or any of its patterns matches one of {@code names}. */
    public static boolean allows(List<String> allowed, String... names) {
        if (allowed.isEmpty()) {
            return true;
        }
        for (String pattern : allowed) {
            for (String name : names) {
                if (name != null && matches(pattern, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean matches(String pattern, String name) {
        return matches(pattern, 0, name, 0);
    }

    private static boolean matches(String pattern, int p, String name, int n) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int rest = n; rest <= name.length(); rest++) {
                    if (matches(pattern, p + 1, name, rest)) {
                        return true;
                    }
                }
                return false;
            }
            if (n >= name.length() || name.charAt(n) != c) {
                return false;
            }
            p++;
            n++;
        }
        return n == name.length();
    }
}
