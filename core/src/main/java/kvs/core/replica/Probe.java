package kvs.core.replica;

/**
 * An address outside the view that is probed until it has answered every probe for
 * {@code healthyForMillis}. An address this replica failed to reach itself needs
 * {@code Limits.readmitAfterMillis} (the hysteresis against flapping links); one removed on another
 * replica's word, or one that talked to us, needs none until a probe of ours fails.
 */
final class Probe {
    static final long NEVER = Long.MIN_VALUE;

    long healthySinceMillis = NEVER;
    boolean inFlight;
    long nextProbeAtMillis;
    long healthyForMillis;

    Probe(long nextProbeAtMillis, long healthyForMillis) {
        this.nextProbeAtMillis = nextProbeAtMillis;
        this.healthyForMillis = healthyForMillis;
    }
}
