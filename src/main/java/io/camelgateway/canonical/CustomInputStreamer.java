package io.camelgateway.canonical;

/**
 * Decodes, as it streams in, the string value of the {@code "input"} field of a JSON object whose text arrives in
 * arbitrary pieces ({@code {"input": "*** Begin Patch\n...}) so a freeform tool's raw input can be streamed to the
 * client as {@code response.custom_tool_call_input.delta} events. The complete arguments are parsed again when
 * the call closes; this class only serves the live deltas.
 */
final class CustomInputStreamer {

    private enum State { SEEK_KEY, SEEK_COLON, SEEK_QUOTE, IN_VALUE, ESCAPE, UNICODE, DONE }

    private static final String KEY = "\"input\"";

    private State state = State.SEEK_KEY;
    private final StringBuilder scanned = new StringBuilder();
    private final StringBuilder unicode = new StringBuilder(4);
    private final StringBuilder emitted = new StringBuilder();

    /** Feeds the next piece of argument text and returns the newly decoded input characters (may be empty). */
    String feed(String piece) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < piece.length(); i++) {
            step(piece.charAt(i), out);
        }
        emitted.append(out);
        return out.toString();
    }

    /** Everything decoded so far. */
    String emitted() {
        return emitted.toString();
    }

    private void step(char c, StringBuilder out) {
        switch (state) {
            case SEEK_KEY:
                scanned.append(c);
                if (scanned.length() > KEY.length()) {
                    scanned.deleteCharAt(0);
                }
                if (KEY.contentEquals(scanned)) {
                    state = State.SEEK_COLON;
                }
                break;
            case SEEK_COLON:
                if (c == ':') {
                    state = State.SEEK_QUOTE;
                } else if (!Character.isWhitespace(c)) {
                    resetSeek();
                }
                break;
            case SEEK_QUOTE:
                if (c == '"') {
                    state = State.IN_VALUE;
                } else if (!Character.isWhitespace(c)) {
                    state = State.DONE;
                }
                break;
            case IN_VALUE:
                if (c == '\\') {
                    state = State.ESCAPE;
                } else if (c == '"') {
                    state = State.DONE;
                } else {
                    out.append(c);
                }
                break;
            case ESCAPE:
                state = State.IN_VALUE;
                switch (c) {
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'u': state = State.UNICODE; unicode.setLength(0); break;
                    default: out.append(c);
                }
                break;
            case UNICODE:
                unicode.append(c);
                if (unicode.length() == 4) {
                    try {
                        out.append((char) Integer.parseInt(unicode.toString(), 16));
                    } catch (NumberFormatException e) {
                        // damaged escape: the final parse at close decides the true input
                    }
                    state = State.IN_VALUE;
                }
                break;
            case DONE:
            default:
                break;
        }
    }

    private void resetSeek() {
        scanned.setLength(0);
        state = State.SEEK_KEY;
    }
}
