package io.camelgateway.hardening;

import static org.junit.jupiter.api.Assertions.fail;

import io.camelgateway.hardening.CorpusCase.Expect;
import io.camelgateway.hardening.CorpusCase.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Sends one corpus case and judges the answer against the rules every answer must follow (within the deadline,
 * never a 5xx, 405 with {@code Allow}, the client's error shape on {@code /v1/*} and {@code /admin/*}, nothing
 * internal in the body) and against the case's own expectation. Reports every broken rule at once.
 */
final class CorpusJudge {

    private final RawHttpClient client;
    private final IntSupplier upstreamRequests;

    CorpusJudge(RawHttpClient client, IntSupplier upstreamRequests) {
        this.client = client;
        this.upstreamRequests = upstreamRequests;
    }

    void check(CorpusCase corpusCase) throws Exception {
        int before = upstreamRequests.getAsInt();
        RawResponse response = client.send(corpusCase.request());
        int calls = upstreamRequests.getAsInt() - before;
        List<String> problems = problems(corpusCase, response, calls);
        if (!problems.isEmpty()) {
            fail("[" + corpusCase.name() + "] " + String.join("; ", problems) + "\n  answer: " + response.describe());
        }
    }

    static List<String> problems(CorpusCase corpusCase, RawResponse response, int upstreamCalls) {
        Expect expect = corpusCase.expect();
        List<String> problems = new ArrayList<>();
        if (expect.kind() == Kind.BODY_TIMEOUT) {
            if (response.outcome() == RawResponse.Outcome.TIMED_OUT) {
                problems.add("an unfinished request held the connection past the deadline (want 408 or a close)");
            } else if (response.outcome() == RawResponse.Outcome.ANSWERED && response.status() != 408) {
                problems.add("want 408 (or the connection closed) for an unfinished request, got " + response.status());
            }
        } else if (response.outcome() != RawResponse.Outcome.ANSWERED) {
            problems.add(response.outcome() == RawResponse.Outcome.TIMED_OUT ? "no answer within the deadline"
                    : "connection closed without a complete answer");
            return problems;
        }
        if (response.outcome() != RawResponse.Outcome.ANSWERED) {
            return problems;
        }
        int status = response.status();
        statusProblems(expect, status, upstreamCalls, problems);
        if (status == 405) {
            String allow = response.header("allow");
            if (allow == null || allow.isBlank()) {
                problems.add("405 without an Allow header");
            } else if (expect.allow() != null && !allow.contains(expect.allow())) {
                problems.add("Allow '" + allow + "' does not list " + expect.allow());
            }
        }
        String body = response.bodyText();
        if (status >= 400) {
            List<String> internals = ErrorBodyRules.internals(body);
            if (!internals.isEmpty()) {
                problems.add("internal names in the body: " + internals);
            }
            if (needsClientShape(corpusCase.request())) {
                List<String> shape = ErrorBodyRules.shapeProblems(body);
                if (!shape.isEmpty()) {
                    problems.add("not the client's error shape: " + shape);
                }
            }
            if (expect.field() != null && !ErrorBodyRules.paramAndMessage(body).contains(expect.field())) {
                problems.add("the error does not name the field '" + expect.field() + "'");
            }
        }
        return problems;
    }

    private static void statusProblems(Expect expect, int status, int upstreamCalls, List<String> problems) {
        if (status >= 500) {
            problems.add("a " + status + " for a client's request");
        }
        switch (expect.kind()) {
            case REJECTED -> {
                if (status < 400 || status >= 500) {
                    problems.add("want a 4xx" + (expect.status() != 0 ? " (" + expect.status() + ")" : "")
                            + ", got " + status);
                } else if (expect.status() != 0 && status != expect.status()) {
                    problems.add("want " + expect.status() + ", got " + status);
                }
                if (upstreamCalls > 0) {
                    problems.add("forwarded to the provider (" + upstreamCalls + " upstream request(s))");
                }
            }
            case HANDLED -> {
                boolean ok = (status >= 200 && status < 300) || (status >= 400 && status < 500);
                if (expect.allow() != null) {
                    ok = (status >= 200 && status < 300) || status == 405;
                }
                if (!ok) {
                    problems.add("want 2xx" + (expect.allow() != null ? " or 405" : " or 4xx") + ", got " + status);
                }
            }
            case SERVED -> {
                if (status < 200 || status >= 300) {
                    problems.add("want 2xx, got " + status);
                }
            }
            case BODY_TIMEOUT -> {
                // judged above
            }
        }
    }

    private static boolean needsClientShape(RawRequest request) {
        return !request.isHead() && (request.path().startsWith("/v1/") || request.path().startsWith("/admin/"));
    }
}
