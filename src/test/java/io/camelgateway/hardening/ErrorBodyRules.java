package io.camelgateway.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every error body must look like: the OpenAI error shape {@code {"error":{"message","type","code","param"}}},
 * and nothing internal — no class or package names, stack frames or parser option names.
 */
final class ErrorBodyRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INTERNAL = List.of("java.", "javax.", "com.fasterxml", "org.apache", "io.netty",
            "io.vertx", "io.camelgateway", "Exception", "\tat ", "StreamReadConstraints", "JsonReadFeature",
            "ALLOW_", "[Source:");
    private static final List<String> INTERNAL_ANY_CASE = List.of("jackson", "vertx", "vert.x", "netty");

    private ErrorBodyRules() {
    }

    /** The problems with {@code body} as a client error body; empty when it is fine. */
    static List<String> shapeProblems(String body) {
        List<String> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            problems.add("body is not JSON");
            return problems;
        }
        JsonNode error = root == null ? null : root.get("error");
        if (error == null || !error.isObject()) {
            problems.add("no \"error\" object");
            return problems;
        }
        if (!error.path("message").isTextual() || error.path("message").asText().isBlank()) {
            problems.add("error.message missing or blank");
        }
        if (!error.path("type").isTextual()) {
            problems.add("error.type missing");
        }
        for (String field : List.of("code", "param")) {
            if (!error.has(field)) {
                problems.add("error." + field + " missing");
            } else if (!error.get(field).isNull() && !error.get(field).isTextual()) {
                problems.add("error." + field + " is neither a string nor null");
            }
        }
        return problems;
    }

    /** Internal names or stack traces found in {@code body}; empty when there are none. */
    static List<String> internals(String body) {
        List<String> found = new ArrayList<>();
        for (String token : INTERNAL) {
            if (body.contains(token)) {
                found.add(token);
            }
        }
        String lower = body.toLowerCase(Locale.ROOT);
        for (String token : INTERNAL_ANY_CASE) {
            if (lower.contains(token)) {
                found.add(token);
            }
        }
        return found;
    }

    /** {@code error.param} and {@code error.message} joined, or "" when the body has no error object. */
    static String paramAndMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.path("param").asText("") + " " + error.path("message").asText("");
        } catch (IOException | NullPointerException e) {
            return "";
        }
    }
}
