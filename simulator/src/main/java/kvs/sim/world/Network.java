package kvs.sim.world;

import java.util.SplittableRandom;

/**
 * The simulated network between replicas (and, lossless, between clients and replicas).
 *
 * <p>Every directed link has its own delay distribution: a base latency drawn once per run (a few
 * links are far), plus exponential jitter, so messages on one link can overtake each other; with
 * {@link Fault#REORDER} some messages take a long detour. On top of that the nemesis sets
 * partitions (a blocked directed link drops everything), slow replicas (a factor on every delay to
 * and from them), slow links (extra delay) and loss bursts. All draws come from one stream, taken
 * in event order, so the network is as deterministic as the rest.
 */
final class Network {
    private final SplittableRandom rng;
    private final double delayScale;
    private final boolean reorder;
    private final double lossRate;
    private final double duplicationRate;
    private final double retransmissionRate;
    private final long[][] baseDelayMicros;
    private final boolean[][] blocked;
    private final long[][] extraDelayMicros;
    private final double[] slowFactor;
    private double burstLossRate;
    private boolean lossy = true;

    Network(SimConfig config, int capacity) {
        SplittableRandom topology = Streams.of(config.seed(), Streams.TOPOLOGY);
        this.rng = Streams.of(config.seed(), Streams.NETWORK);
        this.delayScale = config.delayScale();
        this.reorder = config.faults().contains(Fault.REORDER);
        this.lossRate = config.faults().contains(Fault.LOSS) ? 0.001 + topology.nextDouble() * 0.01 : 0;
        this.duplicationRate = config.faults().contains(Fault.DUPLICATION) ? 0.01 + topology.nextDouble() * 0.05 : 0;
        this.retransmissionRate = config.faults().contains(Fault.PARTITION) ? 0.25 : 0;
        this.baseDelayMicros = new long[capacity][capacity];
        this.blocked = new boolean[capacity][capacity];
        this.extraDelayMicros = new long[capacity][capacity];
        this.slowFactor = new double[capacity];
        for (int i = 0; i < capacity; i++) {
            slowFactor[i] = 1;
            for (int j = 0; j < capacity; j++) {
                long base = Streams.between(topology, 200, 2_000);
                if (topology.nextInt(10) == 0) base *= 5; // a far link
                baseDelayMicros[i][j] = base;
            }
        }
    }

    /** True when a message from {@code from} to {@code to} gets through (not partitioned, not lost). */
    boolean passes(int from, int to) {
        if (blocked[from][to]) return false;
        if (!lossy) return true;
        if (lossRate > 0 && rng.nextDouble() < lossRate) return false;
        return !(burstLossRate > 0 && rng.nextDouble() < burstLossRate);
    }

    boolean blocked(int from, int to) {
        return blocked[from][to];
    }

    /**
     * True when a request blocked by a partition is not lost but held, and delivered after the heal
     * (TCP retransmission on a connection opened before the partition).
     */
    boolean retransmittedAfterHeal() {
        return retransmissionRate > 0 && rng.nextDouble() < retransmissionRate;
    }

    /** True when this request should be delivered a second time. */
    boolean duplicate() {
        return lossy && duplicationRate > 0 && rng.nextDouble() < duplicationRate;
    }

    long delayMicros(int from, int to) {
        long base = baseDelayMicros[from][to];
        double d = base * slowFactor[from] * slowFactor[to] + extraDelayMicros[from][to];
        d += -Math.log(1 - rng.nextDouble()) * base / 3.0;
        if (reorder && rng.nextInt(10) == 0) d += rng.nextDouble() * 20_000;
        return Math.max(1, (long) (d * delayScale));
    }

    /** A client's request or reply: short, lossless, never partitioned. */
    long clientDelayMicros() {
        return Math.max(1, (long) (Streams.between(rng, 100, 800) * delayScale));
    }

    void block(int from, int to) {
        blocked[from][to] = true;
    }

    void slowNode(int node, double factor) {
        slowFactor[node] = factor;
    }

    void slowLink(int from, int to, long extraMicros) {
        extraDelayMicros[from][to] = extraMicros;
    }

    void lossBurst(double rate) {
        burstLossRate = rate;
    }

    void healPartitions() {
        for (boolean[] row : blocked) java.util.Arrays.fill(row, false);
    }

    /** Ends every fault: partitions, slowness, bursts, and (for the quiescent end) loss and duplication. */
    void healAll() {
        healPartitions();
        for (long[] row : extraDelayMicros) java.util.Arrays.fill(row, 0);
        java.util.Arrays.fill(slowFactor, 1);
        burstLossRate = 0;
        lossy = false;
    }

    SplittableRandom rng() {
        return rng;
    }
}
