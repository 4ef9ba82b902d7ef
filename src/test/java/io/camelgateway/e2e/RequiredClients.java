package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A test that needs a real client skips on a developer's machine without npm, but under CI ({@code CI=true}) a
 * missing client fails the test: CI must never pass by skipping what it was meant to check.
 */
public final class RequiredClients {

    private RequiredClients() {
    }

    public static void require(boolean present, String whatIsMissing) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(present, whatIsMissing + " (CI=true: required, not skipped)");
        } else {
            assumeTrue(present, whatIsMissing);
        }
    }
}
