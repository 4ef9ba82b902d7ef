package io.camelgateway.hardening;

import io.camelgateway.hardening.CorpusCase.Expect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every method on every path. Turn endpoints take POST, read endpoints GET; any other method is a 405 with
 * {@code Allow}. HEAD and OPTIONS on an endpoint may be answered (2xx) or refused with 405. Unknown paths are 404
 * whatever the method.
 */
final class MethodPathCases {

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    /** Path → the method it serves (null: unknown path). */
    private static final Map<String, String> PATHS = Map.of(
            "/v1/responses", "POST",
            "/v1/chat/completions", "POST",
            "/v1/models", "GET",
            "/admin/providers", "GET",
            "/health", "GET",
            "/ready", "GET",
            "/v1/whatever", "",
            "/nope", "");

    private MethodPathCases() {
    }

    static List<CorpusCase> all() {
        List<CorpusCase> cases = new ArrayList<>();
        for (String path : PATHS.keySet().stream().sorted().toList()) {
            String served = PATHS.get(path);
            for (String method : METHODS) {
                cases.add(CorpusCase.of("method: " + method + " " + path, request(method, path),
                        expect(method, served)));
            }
        }
        return cases;
    }

    private static RawRequest request(String method, String path) {
        boolean withBody = List.of("POST", "PUT", "PATCH", "DELETE").contains(method);
        String body = path.contains("chat") ? StringHazardCases.minimal("chat").toString()
                : StringHazardCases.minimal("responses").toString();
        return RawRequest.of(method, path, withBody ? JsonSyntaxCases.utf8(body) : null);
    }

    private static Expect expect(String method, String served) {
        if (served.isEmpty()) {
            return Expect.rejected(404);
        }
        if (method.equals(served)) {
            return Expect.served();
        }
        if ("OPTIONS".equals(method) || ("HEAD".equals(method) && "GET".equals(served))) {
            return Expect.handledOr405(served);
        }
        return Expect.methodNotAllowed(served);
    }
}
