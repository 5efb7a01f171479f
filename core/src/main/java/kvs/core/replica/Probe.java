package kvs.core.replica;

/**
 * An address dropped from the view (or heard from but not in it), probed until it has answered
 * every probe for {@code Limits.readmitAfterMillis}.
 */
final class Probe {
    static final long NEVER = Long.MIN_VALUE;

    long healthySinceMillis = NEVER;
    boolean inFlight;
    long nextProbeAtMillis;

    Probe(long nextProbeAtMillis) {
        this.nextProbeAtMillis = nextProbeAtMillis;
    }
}
