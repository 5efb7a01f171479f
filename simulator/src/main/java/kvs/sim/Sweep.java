package kvs.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import kvs.sim.world.SimConfig;

/**
 * Runs many seeds on a pool of threads (each run single-threaded and independent), and sums up:
 * outcomes, every failure with its replay command, and the coverage counters summed over all runs.
 * Results come back in seed order whatever the threads did.
 */
public final class Sweep {
    private Sweep() {}

    /** A sweep's results, in seed order. */
    public record Summary(List<RunResult> runs, SortedMap<String, Long> coverage, long realNanos, int threads) {
        public List<RunResult> failures() {
            List<RunResult> failed = new ArrayList<>();
            for (RunResult r : runs) {
                if (r.failed()) failed.add(r);
            }
            return failed;
        }

        public SortedMap<RunResult.Outcome, Integer> outcomes() {
            TreeMap<RunResult.Outcome, Integer> counts = new TreeMap<>();
            for (RunResult r : runs) counts.merge(r.outcome(), 1, Integer::sum);
            return counts;
        }

        public long simulatedMicros() {
            long total = 0;
            for (RunResult r : runs) total += r.world().simulatedMicros();
            return total;
        }

        public long messages() {
            long total = 0;
            for (RunResult r : runs) total += r.world().messages();
            return total;
        }

        public List<String> report() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format("%d runs on %d threads in %.1f s real (%.0f s simulated): %s", runs.size(), threads,
                    realNanos / 1e9, simulatedMicros() / 1e6, outcomes()));
            for (RunResult r : failures()) {
                lines.add("FAIL " + r.headline());
                lines.add("     replay: " + r.replayCommand());
            }
            lines.add("coverage (summed over all runs):");
            for (var e : coverage.entrySet()) lines.add(String.format("  %-34s %,d", e.getKey(), e.getValue()));
            return lines;
        }
    }

    /**
     * Runs {@code configs.apply(seed)} for every seed in {@code [from, to]} on {@code threads} threads.
     * {@code stopAtFirstFailure} stops taking new seeds once one failed (the ones running finish).
     */
    public static Summary run(long from, long to, LongFunction<SimConfig> configs, Supplier<Judge> judges, int threads,
                              boolean stopAtFirstFailure, Consumer<RunResult> onEach) {
        if (to < from) throw new IllegalArgumentException("empty seed range " + from + ".." + to);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kvs-sim-sweep");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        ThreadLocal<Judge> judge = ThreadLocal.withInitial(judges);
        List<Future<RunResult>> futures = new ArrayList<>();
        try {
            for (long seed = from; seed <= to; seed++) {
                long s = seed;
                futures.add(pool.submit(() -> {
                    if (stop.get()) return null;
                    RunResult result;
                    try {
                        result = Simulation.run(configs.apply(s), false, judge.get());
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("seed " + s + " crashed the simulator", e);
                    }
                    if (result.failed() && stopAtFirstFailure) stop.set(true);
                    return result;
                }));
            }
            List<RunResult> runs = new ArrayList<>();
            TreeMap<String, Long> coverage = new TreeMap<>();
            for (Future<RunResult> f : futures) {
                RunResult r = f.get();
                if (r == null) continue;
                runs.add(r);
                r.world().coverage().forEach((k, v) -> coverage.merge(k, v, Long::sum));
                boolean excused = r.judgement().map(Simulation::excused).orElse(false);
                coverage.merge("judge.passedWithLostWritesExcused", excused ? 1L : 0L, Long::sum);
                onEach.accept(r);
            }
            return new Summary(runs, coverage, System.nanoTime() - start, threads);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run crashed the simulator: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
