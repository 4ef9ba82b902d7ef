package io.camelgateway.testing;

/** Test teardown: closes every resource given, in order, even when an earlier one fails; nulls are skipped. */
public final class Closeables {

    private Closeables() {
    }

    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
