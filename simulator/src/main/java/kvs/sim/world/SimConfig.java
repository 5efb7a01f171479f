package kvs.sim.world;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.StringJoiner;

import kvs.core.Limits;
import kvs.core.replica.Bug;

/**
 * Everything that decides one simulation. Together with the code, these values fix the run to the
 * byte: the same config gives the same history and trace.
 *
 * @param seed the one seed every random choice derives from
 * @param replicas replicas at start
 * @param clients client sessions running at once
 * @param ops client operations in all (retries after a 503 not counted)
 * @param keys size of the key space, small so that keys collide
 * @param faults the faults switched on (already resolved when drawn by swarm)
 * @param swarm true when {@code faults} was drawn from the seed rather than given
 * @param bugs deliberate replica bugs (teeth); empty for the correct replica
 * @param delayScale factor on every network delay (the shrinker lowers it)
 * @param nemesisActionsMax most nemesis actions (partitions, crashes, joins, ...) in the run
 * @param convergenceBoundMillis how long, after healing, the cluster has to converge
 * @param workloadMillisMax simulated time after which clients start no new operation (the shrinker
 *     cuts a run just after its violation this way; {@code Long.MAX_VALUE}: no cut)
 * @param pageVersions 0 for the replica's default state-transfer pages (20,000 versions, 4 MiB, which
 *     a simulated run never fills); N > 0 for small pages ({@link #limits}), so that state transfers
 *     and anti-entropy answers are paged
 */
public record SimConfig(
        long seed,
        int replicas,
        int clients,
        int ops,
        int keys,
        Set<Fault> faults,
        boolean swarm,
        Set<Bug> bugs,
        double delayScale,
        int nemesisActionsMax,
        long convergenceBoundMillis,
        long workloadMillisMax,
        int pageVersions) {

    public static final int REPLICAS_MAX = 16;

    public SimConfig(long seed, int replicas, int clients, int ops, int keys, Set<Fault> faults, boolean swarm,
                     Set<Bug> bugs, double delayScale, int nemesisActionsMax, long convergenceBoundMillis) {
        this(seed, replicas, clients, ops, keys, faults, swarm, bugs, delayScale, nemesisActionsMax,
                convergenceBoundMillis, Long.MAX_VALUE, 0);
    }

    public SimConfig(long seed, int replicas, int clients, int ops, int keys, Set<Fault> faults, boolean swarm,
                     Set<Bug> bugs, double delayScale, int nemesisActionsMax, long convergenceBoundMillis,
                     long workloadMillisMax) {
        this(seed, replicas, clients, ops, keys, faults, swarm, bugs, delayScale, nemesisActionsMax,
                convergenceBoundMillis, workloadMillisMax, 0);
    }

    public static final int PAGE_VERSIONS_MAX = 1_000;

    public SimConfig {
        if (replicas < 1 || replicas > REPLICAS_MAX) throw new IllegalArgumentException("replicas must be 1.." + REPLICAS_MAX);
        if (clients < 1 || clients > 1000) throw new IllegalArgumentException("clients must be 1..1000");
        if (ops < 0 || ops > 50_000_000) throw new IllegalArgumentException("ops must be 0..50000000");
        if (keys < 1 || keys > 100_000) throw new IllegalArgumentException("keys must be 1..100000");
        if (!(delayScale > 0 && delayScale <= 100)) throw new IllegalArgumentException("delay scale must be in (0, 100]");
        if (nemesisActionsMax < 0) throw new IllegalArgumentException("nemesis actions must not be negative");
        if (convergenceBoundMillis < 1_000) throw new IllegalArgumentException("convergence bound must be at least 1000 ms");
        if (workloadMillisMax < 1) throw new IllegalArgumentException("workload time must be positive");
        if (pageVersions < 0 || pageVersions > PAGE_VERSIONS_MAX) {
            throw new IllegalArgumentException("page versions must be 0 (default pages) or 1.." + PAGE_VERSIONS_MAX);
        }
        faults = Collections.unmodifiableSet(faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults));
        bugs = Collections.unmodifiableSet(bugs.isEmpty() ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(bugs));
    }

    /** A typical run: 3 replicas, 4 sessions, 2000 operations over 5 keys, faults drawn by swarm. */
    public static SimConfig defaults(long seed) {
        return swarm(seed, 3, 4, 2000, 5, Set.of());
    }

    /** Faults drawn from the seed: each one is on with probability 1/2 ("swarm testing"). */
    public static SimConfig swarm(long seed, int replicas, int clients, int ops, int keys, Set<Bug> bugs) {
        SplittableRandom rng = Streams.of(seed, Streams.SWARM);
        EnumSet<Fault> faults = EnumSet.noneOf(Fault.class);
        for (Fault f : Fault.values()) {
            if (rng.nextBoolean()) faults.add(f);
        }
        return new SimConfig(seed, replicas, clients, ops, keys, faults, true, bugs, 1.0, Integer.MAX_VALUE, 20_000);
    }

    public SimConfig withSeed(long newSeed) {
        if (swarm) {
            SimConfig drawn = swarm(newSeed, replicas, clients, ops, keys, bugs);
            return new SimConfig(newSeed, replicas, clients, ops, keys, drawn.faults, true, bugs, delayScale,
                    nemesisActionsMax, convergenceBoundMillis, workloadMillisMax, pageVersions);
        }
        return new SimConfig(newSeed, replicas, clients, ops, keys, faults, false, bugs, delayScale, nemesisActionsMax,
                convergenceBoundMillis, workloadMillisMax, pageVersions);
    }

    public SimConfig withFaults(Set<Fault> newFaults) {
        return new SimConfig(seed, replicas, clients, ops, keys, newFaults, false, bugs, delayScale, nemesisActionsMax,
                convergenceBoundMillis, workloadMillisMax, pageVersions);
    }

    public SimConfig withShape(int newReplicas, int newClients, int newOps, int newKeys) {
        return new SimConfig(seed, newReplicas, newClients, newOps, newKeys, faults, false, bugs, delayScale,
                nemesisActionsMax, convergenceBoundMillis, workloadMillisMax, pageVersions);
    }

    public SimConfig withDelayScale(double scale) {
        return new SimConfig(seed, replicas, clients, ops, keys, faults, false, bugs, scale, nemesisActionsMax,
                convergenceBoundMillis, workloadMillisMax, pageVersions);
    }

    public SimConfig withNemesisActionsMax(int max) {
        return new SimConfig(seed, replicas, clients, ops, keys, faults, false, bugs, delayScale, max,
                convergenceBoundMillis, workloadMillisMax, pageVersions);
    }

    public SimConfig withBugs(Set<Bug> newBugs) {
        return new SimConfig(seed, replicas, clients, ops, keys, faults, swarm, newBugs, delayScale, nemesisActionsMax,
                convergenceBoundMillis, workloadMillisMax, pageVersions);
    }

    public SimConfig withWorkloadMillisMax(long millis) {
        return new SimConfig(seed, replicas, clients, ops, keys, faults, false, bugs, delayScale, nemesisActionsMax,
                convergenceBoundMillis, millis, pageVersions);
    }

    public SimConfig withPageVersions(int versions) {
        return new SimConfig(seed, replicas, clients, ops, keys, faults, swarm, bugs, delayScale, nemesisActionsMax,
                convergenceBoundMillis, workloadMillisMax, versions);
    }

    /**
     * The replicas' limits: the defaults, or with {@code pageVersions} small pages of at most that many
     * versions, {@code 200 × pageVersions} bytes (a version with a clock of a few entries takes 100 to
     * 400), and {@code 2 × pageVersions + 1} keys looked at, so that pages end on each of the three.
     */
    public Limits limits() {
        Limits defaults = Limits.defaults();
        return pageVersions == 0 ? defaults : defaults.withSyncPages(pageVersions, 200 * pageVersions, 2 * pageVersions + 1);
    }

    /** The options of {@code kvs-sim run} that replay exactly this run, faults spelled out. */
    public String runOptions() {
        StringBuilder sb = new StringBuilder();
        sb.append("--seed ").append(seed).append(" --replicas ").append(replicas).append(" --clients ").append(clients)
                .append(" --ops ").append(ops).append(" --keys ").append(keys)
                .append(" --faults ").append(Fault.names(faults));
        if (!bugs.isEmpty()) sb.append(" --bugs ").append(bugNames(bugs));
        if (delayScale != 1.0) sb.append(" --delay-scale ").append(delayScale);
        if (nemesisActionsMax != Integer.MAX_VALUE) sb.append(" --nemesis-max ").append(nemesisActionsMax);
        if (convergenceBoundMillis != 20_000) sb.append(" --convergence-ms ").append(convergenceBoundMillis);
        if (workloadMillisMax != Long.MAX_VALUE) sb.append(" --workload-ms ").append(workloadMillisMax);
        if (pageVersions != 0) sb.append(" --page-versions ").append(pageVersions);
        return sb.toString();
    }

    public static String bugNames(Set<Bug> bugs) {
        StringJoiner joiner = new StringJoiner(",");
        for (Bug b : Bug.values()) {
            if (bugs.contains(b)) joiner.add(b.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return joiner.toString();
    }

    public static Set<Bug> parseBugs(String text) {
        EnumSet<Bug> set = EnumSet.noneOf(Bug.class);
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("none")) return set;
        for (String part : trimmed.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                set.add(Bug.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown bug '" + part.trim() + "'; known: "
                        + bugNames(EnumSet.allOf(Bug.class)));
            }
        }
        return set;
    }

    /** One line that names the seed and every option, printed before a run starts. */
    public String describe() {
        return "seed " + seed + ": " + replicas + " replicas, " + clients + " sessions, " + ops + " ops over " + keys
                + " keys; faults " + (swarm ? "(swarm) " : "") + Fault.names(faults)
                + (bugs.isEmpty() ? "" : "; BUGS " + bugNames(bugs))
                + (delayScale != 1.0 ? "; delay scale " + delayScale : "")
                + (nemesisActionsMax != Integer.MAX_VALUE ? "; at most " + nemesisActionsMax + " nemesis actions" : "")
                + (workloadMillisMax != Long.MAX_VALUE ? "; workload stops at " + workloadMillisMax + " ms" : "")
                + (pageVersions != 0 ? "; state-transfer pages of " + pageVersions + " versions" : "");
    }
}
