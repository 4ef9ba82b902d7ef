package io.camelgateway.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A test that needs a locally installed server (redis-server, PostgreSQL) skips on a developer's machine without it,
 * but under CI ({@code CI=true}, set by .ci/run, which installs both) a missing binary fails the test.
 */
public final class RequiredServers {

    private RequiredServers() {
    }

    public static void require(boolean present, String whatIsMissing) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(present, whatIsMissing + " (CI=true: required, not skipped)");
        } else {
            assumeTrue(present, whatIsMissing);
        }
    }
}
