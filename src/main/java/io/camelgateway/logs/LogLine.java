package io.camelgateway.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One log line, as {@code key=value} text or as a JSON object. Values are escaped so no line can be split or forged
 * by what a client sent (a model name with a newline or a quote); null values are left out.
 */
final class LogLine {

    /** Longest value written: a client-chosen model name must not fill the log. */
    static final int MAX_VALUE = 200;

    private final Instant time;
    private final String level;
    private final String log;
    private final List<String> names = new ArrayList<>(24);
    private final List<Object> values = new ArrayList<>(24);

    LogLine(Instant time, String level, String log) {
        this.time = time;
        this.level = level;
        this.log = log;
    }

    LogLine put(String name, Object value) {
        if (value != null) {
            names.add(name);
            values.add(value);
        }
        return this;
    }

    String render(boolean json) {
        return json ? json() : text();
    }

    private String text() {
        StringBuilder line = new StringBuilder(256);
        line.append(time).append(' ').append(level).append(' ').append(log);
        for (int i = 0; i < names.size(); i++) {
            line.append(' ').append(names.get(i)).append('=');
            Object value = values.get(i);
            if (value instanceof Number || value instanceof Boolean) {
                line.append(value);
            } else {
                textValue(line, bounded(value.toString()));
            }
        }
        return line.toString();
    }

    private String json() {
        StringBuilder line = new StringBuilder(320);
        line.append("{\"time\":\"").append(time).append("\",\"level\":\"").append(level).append("\",\"log\":\"")
                .append(log).append('"');
        for (int i = 0; i < names.size(); i++) {
            line.append(",\"").append(names.get(i)).append("\":");
            Object value = values.get(i);
            if (value instanceof Number || value instanceof Boolean) {
                line.append(value);
            } else {
                jsonString(line, bounded(value.toString()));
            }
        }
        return line.append('}').toString();
    }

    private static String bounded(String value) {
        return value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE) + "…";
    }

    /** Bare when it is one plain word, else quoted with {@code "} and {@code \} escaped and controls as \n, \t, \\uXXXX. */
    private static void textValue(StringBuilder line, String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c < 0x7f;
        }
        if (plain) {
            line.append(value);
            return;
        }
        jsonString(line, value);
    }

    private static void jsonString(StringBuilder line, String value) {
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}
