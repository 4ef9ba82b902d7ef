package io.camelgateway.usage;

import java.util.ArrayList;
import java.util.List;

/** The attempts of one client request, collected by the relay as each ends. */
public final class TurnUsage {

    private final List<AttemptReport> attempts = new ArrayList<>();

    public synchronized void add(AttemptReport attempt) {
        attempts.add(attempt);
    }

    public synchronized List<AttemptReport> attempts() {
        return List.copyOf(attempts);
    }
}
