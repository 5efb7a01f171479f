package kvs.checker.causal;

/** Thrown inside the analysis when its time budget runs out; the verdict is then unknown. */
final class TimeUp extends RuntimeException {
    TimeUp() {
        super("the time limit ran out", null, false, false);
    }
}
