package io.camelgateway.relay;

import java.nio.charset.StandardCharsets;

/**
 * Makes a response header value safe to write: model ids, provider names and route options reach response headers,
 * and Vert.x throws on a CR, LF or other control character in the middle of a reply. Such characters (and non-ASCII
 * ones, which HTTP/1.1 headers cannot carry portably) are percent-encoded as UTF-8 instead.
 */
final class HeaderValues {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HeaderValues() {
    }

    static String safe(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (needsEncoding(value.charAt(i))) {
                return encode(value);
            }
        }
        return value;
    }

    private static boolean needsEncoding(char c) {
        return c < 0x20 || c >= 0x7f;
    }

    private static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < 0x80 && !needsEncoding((char) codePoint)) {
                out.append((char) codePoint);
                continue;
            }
            for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }
}
