package kvs.checker.causal;

import java.util.Locale;

/**
 * Assertions that are always on: a broken invariant is a bug and stops the check loudly. The
 * int overloads keep hot loops free of boxing when the condition holds.
 */
final class Check {
    private Check() {}

    static void that(boolean condition, String message) {
        if (!condition) fail(message);
    }

    static void that(boolean condition, String format, int a) {
        if (!condition) fail(String.format(Locale.ROOT, format, a));
    }

    static void that(boolean condition, String format, int a, int b) {
        if (!condition) fail(String.format(Locale.ROOT, format, a, b));
    }

    private static void fail(String message) {
        throw new IllegalStateException("invariant broken: " + message);
    }
}
