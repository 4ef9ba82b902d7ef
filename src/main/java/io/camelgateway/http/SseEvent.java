package io.camelgateway.http;

/** One server-sent event: its {@code event:} name (null when absent) and its {@code data:} lines joined by '\n'. */
public record SseEvent(String event, String data) {
}
