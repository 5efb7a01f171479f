package kvs.sim;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import kvs.sim.world.Fault;
import kvs.sim.world.SimConfig;
import kvs.sim.world.World;
import kvs.sim.world.WorldResult;

/**
 * The speed benchmark: 5 replicas with every fault on, one thread, for a fixed real time per load
 * (after a warm-up). It reports simulated time per real time and simulated messages (peer requests
 * and replies, client requests and replies) per real second. The checker is not timed: it is
 * measured on its own.
 */
public final class Benchmark {
    private Benchmark() {}

    /** A load: sessions and their operations per run. */
    record Load(String name, int clients, int ops) {}

    static final List<Load> LOADS = List.of(
            new Load("5 replicas, all faults, 5 sessions x 200 ops", 5, 1_000),
            new Load("5 replicas, all faults, 20 sessions x 200 ops", 20, 4_000));

    public static List<String> run(int seconds, Consumer<String> progress) {
        // Every fault of the replica's world; the hostile fault is left out: it is a test of the
        // replica's input checks whose cost (two full state dumps per injection) is the harness's.
        Set<Fault> faults = EnumSet.complementOf(EnumSet.of(Fault.HOSTILE));
        progress.accept("warming up for " + seconds + " s ...");
        measure(LOADS.get(0), faults, seconds * 1_000_000_000L, 1_000_000);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-48s %6s %10s %8s %10s %14s", "load", "runs", "simulated", "real", "sim/real",
                "messages/s"));
        long seed = 1;
        for (Load load : LOADS) {
            long[] m = measure(load, faults, seconds * 1_000_000_000L, seed);
            seed += m[0];
            lines.add(String.format("%-48s %6d %9.1fs %7.2fs %9.0fx %,14.0f", load.name(), m[0], m[1] / 1e6, m[3] / 1e9,
                    (m[1] / 1e6) / (m[3] / 1e9), m[2] / (m[3] / 1e9)));
        }
        return lines;
    }

    /** Runs seeds from {@code firstSeed} until {@code nanos} pass: {runs, simulated micros, messages, real nanos}. */
    private static long[] measure(Load load, Set<Fault> faults, long nanos, long firstSeed) {
        long runs = 0, simulated = 0, messages = 0, real = 0;
        long seed = firstSeed;
        while (real < nanos) {
            SimConfig config = new SimConfig(seed++, 5, load.clients(), load.ops(), 5, faults, false, Set.of(), 1.0,
                    Integer.MAX_VALUE, 20_000);
            long start = System.nanoTime();
            WorldResult result = new World(config, false).run();
            real += System.nanoTime() - start;
            runs++;
            simulated += result.simulatedMicros();
            messages += result.messages();
        }
        return new long[] {runs, simulated, messages, real};
    }
}
