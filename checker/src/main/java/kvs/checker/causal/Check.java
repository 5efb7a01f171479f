package kvs.checker.causal;

/** Assertions that are always on: a broken invariant is a bug and stops the check loudly. */
final class Check {
    private Check() {}

    static void that(boolean condition, String format, Object... args) {
        if (!condition) throw new IllegalStateException("invariant broken: " + String.format(java.util.Locale.ROOT, format, args));
    }
}
