package kvs.core;

/**
 * Always-on assertions. A failed check is a programmer error: it throws {@link IllegalStateException}
 * whatever the JVM's {@code -ea} flag says. Expected failures (bad input, an unreachable peer) are
 * values, never checks.
 */
public final class Check {
    private Check() {}

    public static void that(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException("invariant violated: " + String.format(format, args));
        }
    }

    public static void argument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }
}
