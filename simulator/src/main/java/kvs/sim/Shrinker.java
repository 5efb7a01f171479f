package kvs.sim;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import kvs.checker.history.HistoryEvent;
import kvs.sim.world.Fault;
import kvs.sim.world.SimConfig;

/**
 * Reduces a failing run to a smaller one that still fails the same way ({@link RunResult#signature}).
 *
 * <p>The seed stays fixed; what shrinks are the knobs that the run is drawn from: fewer operations,
 * fewer nemesis actions and fault kinds, fewer sessions and replicas, a smaller key space, shorter
 * delays. Each knob draws from its own random stream, so taking one away leaves the others' draws
 * mostly alone and the bug often survives. But a schedule is chaotic (one message fewer shifts every
 * later draw of the network), so a rare bug may vanish from a smaller config at the same seed while
 * it still shows at a few other seeds: a candidate that passes at the original seed is also tried at
 * the next {@code reseeds} seeds, and the first one that fails the same way is kept (the result is a
 * complete config, seed included, that replays on its own). The search is greedy: try the boldest
 * reduction of each knob first, keep any candidate that still fails the same way, and repeat until a
 * whole pass changes nothing or the attempt budget (every run counts) runs out.
 */
public final class Shrinker {
    private final Judge judge;
    private final int attemptsMax;
    private final int reseeds;
    private final Consumer<String> progress;
    private int attempts;

    public Shrinker(Judge judge, int attemptsMax, Consumer<String> progress) {
        this(judge, attemptsMax, 3, progress);
    }

    public Shrinker(Judge judge, int attemptsMax, int reseeds, Consumer<String> progress) {
        this.judge = judge;
        this.attemptsMax = attemptsMax;
        this.reseeds = reseeds;
        this.progress = progress;
    }

    /** The result of shrinking: the smallest failing run found, and how many runs it took. */
    public record Shrunk(RunResult original, RunResult smallest, int attempts) {}

    public Shrunk shrink(RunResult failing) {
        if (!failing.failed()) throw new IllegalArgumentException("seed " + failing.config().seed() + " does not fail");
        String signature = failing.signature();
        RunResult best = failing;
        // Make the nemesis budget explicit first, so that it can shrink.
        int actions = nemesisActions(best);
        if (best.config().nemesisActionsMax() > actions) {
            best = tryCandidate(best, best.config().withNemesisActionsMax(actions), signature);
        }
        boolean changed = true;
        while (changed && attempts < attemptsMax) {
            changed = false;
            for (Knob knob : Knob.values()) {
                for (SimConfig candidate : candidates(best, knob)) {
                    if (attempts >= attemptsMax) break;
                    RunResult tried = tryCandidate(best, candidate, signature);
                    if (tried != best) {
                        best = tried;
                        changed = true;
                        break; // on to the next knob; this one is tried again in the next pass
                    }
                }
            }
        }
        return new Shrunk(failing, best, attempts);
    }

    private RunResult tryCandidate(RunResult best, SimConfig candidate, String signature) {
        if (candidate.equals(best.config())) return best;
        // A cut after the violation keeps the prefix only at the same seed: no other seeds for it.
        boolean cut = candidate.workloadMillisMax() != best.config().workloadMillisMax();
        for (int i = 0; i <= (cut ? 0 : reseeds) && attempts < attemptsMax; i++) {
            SimConfig config = i == 0 ? candidate : candidate.withSeed(candidate.seed() + i);
            attempts++;
            RunResult result = Simulation.run(config, false, judge);
            // a smaller config that fails the same way, with a history no longer than the best one's
            boolean same = result.failed() && result.signature().equals(signature)
                    && result.world().history().size() <= best.world().history().size();
            if (same) {
                progress.accept("  smaller, still fails: " + config.runOptions());
                return result;
            }
        }
        progress.accept("  passes or fails otherwise: " + candidate.runOptions() + (reseeds > 0 ? " (and " + reseeds + " more seeds)" : ""));
        return best;
    }

    /** What can shrink, in the order a pass tries them. */
    private enum Knob { CUT, OPS, NEMESIS, FAULTS, CLIENTS, REPLICAS, KEYS, DELAYS }

    /** Reductions of one knob of the current best, boldest first. */
    private static List<SimConfig> candidates(RunResult best, Knob knob) {
        SimConfig c = best.config();
        List<SimConfig> list = new ArrayList<>();
        switch (knob) {
            case CUT -> {
                long cut = millisThroughViolation(best);
                if (cut > 0 && cut < c.workloadMillisMax()) list.add(c.withWorkloadMillisMax(cut));
            }
            case OPS -> {
                int step = c.ops() > 40 ? c.ops() / 10 : 1;
                for (int ops : new int[] {c.ops() / 8, c.ops() / 4, c.ops() / 2, c.ops() * 3 / 4, c.ops() - step}) {
                    if (ops >= 1 && ops < c.ops()) list.add(c.withShape(c.replicas(), c.clients(), ops, c.keys()));
                }
            }
            case NEMESIS -> {
                int actions = Math.min(c.nemesisActionsMax(), nemesisActions(best));
                for (int n : new int[] {0, actions / 2, actions - 1}) {
                    if (n >= 0 && n < c.nemesisActionsMax()) list.add(c.withNemesisActionsMax(n));
                }
            }
            case FAULTS -> {
                for (Fault f : Fault.values()) {
                    if (!c.faults().contains(f)) continue;
                    Set<Fault> fewer = EnumSet.copyOf(c.faults());
                    fewer.remove(f);
                    list.add(c.withFaults(fewer));
                }
            }
            case CLIENTS -> {
                for (int clients : new int[] {1, c.clients() / 2, c.clients() - 1}) {
                    if (clients >= 1 && clients < c.clients()) list.add(c.withShape(c.replicas(), clients, c.ops(), c.keys()));
                }
            }
            case REPLICAS -> {
                for (int replicas : new int[] {2, c.replicas() - 1}) {
                    if (replicas >= 2 && replicas < c.replicas()) list.add(c.withShape(replicas, c.clients(), c.ops(), c.keys()));
                }
            }
            case KEYS -> {
                for (int keys : new int[] {1, c.keys() / 2, c.keys() - 1}) {
                    if (keys >= 1 && keys < c.keys()) list.add(c.withShape(c.replicas(), c.clients(), c.ops(), keys));
                }
            }
            case DELAYS -> {
                for (double scale : new double[] {c.delayScale() / 4, c.delayScale() / 2}) {
                    if (scale >= 0.01) list.add(c.withDelayScale(scale));
                }
            }
        }
        return list;
    }

    /**
     * A workload time limit just after the last client operation of the run's first deciding
     * violation (final reads aside: they come after healing anyway): everything before it happens
     * exactly as before (the limit only stops clients from starting new operations), so the
     * violation's cause is kept and the rest of the workload is cut. Zero when it does not apply.
     */
    static long millisThroughViolation(RunResult run) {
        if (run.judgement().isEmpty()) return 0;
        Judgement j = run.judgement().get();
        java.util.TreeSet<Integer> ops = new java.util.TreeSet<>();
        for (Judgement.Finding f : j.findings()) {
            if (!j.deciding().contains(f.check())) continue;
            ops.addAll(f.operations());
            break;
        }
        long lastMillis = 0;
        int index = -1;
        java.util.TreeMap<String, Integer> open = new java.util.TreeMap<>();
        for (HistoryEvent e : run.world().history()) {
            if (e.isInvoke()) {
                if (ops.contains(++index) && !e.finalRead()) open.put(e.session(), index);
            } else if (open.remove(e.session()) != null) {
                lastMillis = Math.max(lastMillis, e.timeNanos() / 1_000_000 + 1);
            }
        }
        return lastMillis;
    }

    /** How many nemesis actions the run took (partitions, crashes, joins, removals, slowdowns, bursts). */
    static int nemesisActions(RunResult run) {
        long total = 0;
        for (Map.Entry<String, Long> e : run.world().coverage().entrySet()) {
            if (e.getKey().startsWith("nemesis.") && !e.getKey().equals("nemesis.restarts")) total += e.getValue();
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }
}
