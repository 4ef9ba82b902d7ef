package io.camelgateway.conformance;

import java.util.ArrayList;
import java.util.List;

/** How fake upstreams cut scripted text into stream deltas: small pieces, cut at code points, never inside one. */
public final class ScriptedText {

    /** Code points per delta: small enough to cut through JSON escapes and between multi-byte characters. */
    public static final int PIECE = 3;

    private ScriptedText() {
    }

    /** {@code text} in pieces of {@link #PIECE} code points (one empty piece for empty text). */
    public static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int[] codePoints = text.codePoints().toArray();
        for (int from = 0; from < codePoints.length; from += PIECE) {
            pieces.add(new String(codePoints, from, Math.min(PIECE, codePoints.length - from)));
        }
        if (pieces.isEmpty()) {
            pieces.add("");
        }
        return pieces;
    }

    /** The first half of {@code text} (a cut body), at a code point. */
    public static String firstHalf(String text) {
        int half = text.offsetByCodePoints(0, text.codePointCount(0, text.length()) / 2);
        return text.substring(0, half);
    }
}
