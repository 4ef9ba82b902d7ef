package io.camelgateway.provider.promptcache;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses where to put automatic prompt-cache breakpoints. Candidates are prefix ends (tools, system prompt, the
 * end of the previous request, the newest message) offered with the length of the prefix they close; they are taken
 * in order of value while the provider's limit of {@value PromptCachePolicy#MAX_BREAKPOINTS} (less the client's
 * own) allows, and only where the prefix reaches the model's minimum cacheable length.
 *
 * <p>Value order: the newest message first (it writes the whole conversation, which the next turn reads); then the
 * end of the previous request (what the previous turn wrote: read even when this turn added more blocks than the
 * provider's 20-block lookback); then the system prompt and the tools (shared by every session of the same agent).
 */
public final class BreakpointPlan<T> {

    private record Candidate<T>(T position, long prefixChars) {
    }

    private final List<Candidate<T>> candidates = new ArrayList<>();

    /** Offers a prefix end, in decreasing order of value; null positions are ignored. */
    public BreakpointPlan<T> offer(T position, long prefixChars) {
        if (position != null) {
            candidates.add(new Candidate<>(position, prefixChars));
        }
        return this;
    }

    /** The positions to mark, given the breakpoints the client set itself. */
    public List<T> choose(PromptCachePolicy policy, String model, int clientBreakpoints) {
        List<T> chosen = new ArrayList<>();
        if (!policy.auto()) {
            return chosen;
        }
        int free = PromptCachePolicy.MAX_BREAKPOINTS - clientBreakpoints;
        long minTokens = policy.minTokens(model);
        for (Candidate<T> candidate : candidates) {
            if (chosen.size() >= free) {
                break;
            }
            if (PrefixLength.tokens(candidate.prefixChars()) >= minTokens && !containsSame(chosen, candidate.position())) {
                chosen.add(candidate.position());
            }
        }
        return chosen;
    }

    /** By identity: two equal blocks at different places are different positions. */
    private static <T> boolean containsSame(List<T> chosen, T position) {
        for (T other : chosen) {
            if (other == position) {
                return true;
            }
        }
        return false;
    }
}
