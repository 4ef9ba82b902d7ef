package io.camelgateway.limits;

import io.camelgateway.canonical.TurnError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;

/**
 * The client-facing errors of budgets and rate limits (each client API shapes them with its {@code errorBody}).
 *
 * <p>A spent budget is a 400 with code {@code budget_exceeded}: Codex CLI retries 5xx, 401 and 429-with-Retry-After,
 * and replaces the message of a 429 without Retry-After (and of {@code insufficient_quota}) by a fixed text of its
 * own, but it shows the body of any other 400 once and does not retry; SDKs do not retry a 400 either. So the
 * person at the terminal reads whose budget it is, whom to ask and when it resets, and no retry loop starts.
 *
 * <p>A full rate window is a 429 with {@code Retry-After} (Codex waits exactly that long, up to five times) and a
 * message carrying "try again in Ns", the form Codex parses when the error arrives inside a stream.
 */
public final class LimitErrors {

    public static final String BUDGET_EXCEEDED = "budget_exceeded";
    public static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
    public static final String REQUEST_TOO_LARGE = "request_exceeds_rate_limit";

    private LimitErrors() {
    }

    public static TurnError budgetExceeded(BudgetRefusal refusal) {
        String budget = "Budget exceeded: the " + adjective(refusal.period()) + " budget of the "
                + refusal.scope().describe() + " (" + usd(refusal.budgetUsd()) + ")";
        String state = refusal.requestDoesNotFit()
                ? budget + " cannot cover this request, which may cost up to " + usd(refusal.requestUsd()) + " ("
                        + refusal.percentUsed() + "% spent or reserved). Lower the request's max output tokens, or ask "
                : budget + " is used up (" + refusal.percentUsed() + "% spent or reserved). Ask ";
        String message = state + refusal.contact() + " to raise it; it resets at "
                + DateTimeFormatter.ISO_INSTANT.format(refusal.resetsAt()) + ".";
        return new TurnError(400, BUDGET_EXCEEDED, BUDGET_EXCEEDED, message, null, null);
    }

    public static TurnError rateLimited(RateDecision.Limited limited) {
        String message = "Rate limit reached for the " + limited.scope().describe() + ": " + limited.perMinute()
                + " " + limited.limit() + " per minute. Please try again in " + limited.retryAfterSeconds() + "s.";
        return new TurnError(429, limited.limit(), RATE_LIMIT_EXCEEDED, message, null, limited.retryAfterSeconds());
    }

    public static TurnError tooLarge(RateDecision.TooLarge tooLarge) {
        String message = "This request has " + tooLarge.tokens() + " input tokens, more than the "
                + tooLarge.tokensPerMinute() + " tokens per minute the " + tooLarge.scope().describe()
                + " may use; shorten the conversation or ask for a higher limit.";
        return new TurnError(400, "invalid_request_error", REQUEST_TOO_LARGE, message, null, null);
    }

    private static String adjective(BudgetPeriod period) {
        return switch (period) {
            case DAY -> "daily";
            case WEEK -> "weekly";
            case MONTH -> "monthly";
        };
    }

    private static String usd(BigDecimal amount) {
        return "$" + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
