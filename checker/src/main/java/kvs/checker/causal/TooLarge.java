package kvs.checker.causal;

/**
 * Thrown inside the analysis when what it must keep would pass its share of the heap; the checks
 * not finished are then unknown, with the reason, rather than an out-of-memory error.
 */
final class TooLarge extends RuntimeException {
    TooLarge(String what) {
        super(what, null, false, false);
    }
}
