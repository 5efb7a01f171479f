package kvs.cli.op;

import kvs.core.Check;

/**
 * How long an operation keeps trying when replicas answer 503, and how it backs off between rounds
 * (a round tries every replica once, starting with the preferred one).
 *
 * @param waitMillis the budget: after it, a 503 is reported to the user with the server's message
 * @param backoffInitialMillis the pause after the first round of 503s
 * @param backoffMaxMillis the longest pause; each pause doubles up to it
 */
public record RetryPolicy(long waitMillis, long backoffInitialMillis, long backoffMaxMillis) {
    public RetryPolicy {
        Check.argument(waitMillis >= 0, "wait must not be negative");
        Check.argument(backoffInitialMillis > 0 && backoffMaxMillis >= backoffInitialMillis, "bad backoff bounds");
    }

    public static RetryPolicy waitingMillis(long waitMillis) {
        return new RetryPolicy(waitMillis, 20, 400);
    }
}
