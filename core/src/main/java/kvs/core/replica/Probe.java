package kvs.core.replica;

/**
 * An address outside the view that is probed until it has answered every probe for
 * {@code healthyForMillis}: {@code Limits.readmitAfterMillis} (the hysteresis against flapping
 * links), except for an address dropped soon after it announced itself in a way that looks like the
 * start itself (see {@code Replica.drop}), which needs none until a probe of ours fails. Probes of an
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
