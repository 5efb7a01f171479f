package kvs.core.replica;

/**
 * An address outside the view that is probed until it has answered every probe for
 * {@code healthyForMillis}. An address this replica failed to reach itself needs
 * {@code Limits.readmitAfterMillis} (the hysteresis against flapping links); one removed on another
 * replica's word, or one that talked to us, needs none until a probe of ours fails. Probes of an
 * address that does not answer back off: the interval doubles after each failed probe, up to
 * {@code Limits.probeBackoffMaxMillis}, and falls back to {@code probeIntervalMillis} at the first
 * answer, so many dead addresses cost little and a healed one is seen again soon.
 */
final class Probe {
    static final long NEVER = Long.MIN_VALUE;

    long healthySinceMillis = NEVER;
    boolean inFlight;
    long nextProbeAtMillis;
    long healthyForMillis;
    long intervalMillis;

    Probe(long nextProbeAtMillis, long healthyForMillis, long intervalMillis) {
        this.nextProbeAtMillis = nextProbeAtMillis;
        this.healthyForMillis = healthyForMillis;
        this.intervalMillis = intervalMillis;
    }
}
