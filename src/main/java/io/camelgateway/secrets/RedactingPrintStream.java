package io.camelgateway.secrets;

import java.io.PrintStream;

/**
 * The log's last safety net: the gateway logs through slf4j-simple to {@code System.err}, so wrapping the standard streams
 * redacts every log line and stack trace, whichever library wrote it.
 */
public final class RedactingPrintStream extends PrintStream {

    public RedactingPrintStream(PrintStream target) {
        super(target, true);
    }

    /** Wraps {@code System.err} and {@code System.out} (once: a second call keeps the first wrappers). */
    public static void install() {
        if (!(System.err instanceof RedactingPrintStream)) {
            System.setErr(new RedactingPrintStream(System.err));
        }
        if (!(System.out instanceof RedactingPrintStream)) {
            System.setOut(new RedactingPrintStream(System.out));
        }
    }

    @Override
    public void print(String text) {
        super.print(SecretRedactor.redact(text));
    }

    @Override
    public void print(Object value) {
        super.print(SecretRedactor.redact(String.valueOf(value)));
    }

    @Override
    public void println(String text) {
        synchronized (this) {
            print(text);
            println();
        }
    }

    @Override
    public void println(Object value) {
        synchronized (this) {
            print(value);
            println();
        }
    }
}
