package kvs.sim;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import kvs.sim.world.Fault;
import kvs.sim.world.SimConfig;

/**
 * Reduces a failing run to a smaller one that still fails the same way ({@link RunResult#signature}).
 *
 * <p>The seed stays fixed; what shrinks are the knobs that the run is drawn from: fewer operations,
 * fewer nemesis actions and fault kinds, fewer sessions and replicas, a smaller key space, shorter
 * delays. Each knob draws from its own random stream, so taking one away leaves the others' draws
 * mostly alone and the bug usually survives. The search is greedy: try the boldest reduction of each
 * knob first, keep any candidate that still fails the same way, and repeat until a whole pass changes
 * nothing or the attempt budget runs out.
 */
public final class Shrinker {
    private final Judge judge;
    private final int attemptsMax;
    private final Consumer<String> progress;
    private int attempts;

    public Shrinker(Judge judge, int attemptsMax, Consumer<String> progress) {
        this.judge = judge;
        this.attemptsMax = attemptsMax;
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
            for (SimConfig candidate : candidates(best)) {
                if (attempts >= attemptsMax) break;
                RunResult tried = tryCandidate(best, candidate, signature);
                if (tried != best) {
                    best = tried;
                    changed = true;
                    break; // candidates are recomputed from the new best
                }
            }
        }
        return new Shrunk(failing, best, attempts);
    }

    private RunResult tryCandidate(RunResult best, SimConfig candidate, String signature) {
        if (candidate.equals(best.config())) return best;
        attempts++;
        RunResult result = Simulation.run(candidate, false, judge);
        boolean same = result.failed() && result.signature().equals(signature);
        progress.accept((same ? "  smaller, still fails: " : "  passes or fails otherwise: ") + candidate.runOptions());
        return same ? result : best;
    }

    /** Reductions of the current best, boldest first within each knob. */
    private static List<SimConfig> candidates(RunResult best) {
        SimConfig c = best.config();
        List<SimConfig> list = new ArrayList<>();
        for (int ops : new int[] {c.ops() / 8, c.ops() / 4, c.ops() / 2, c.ops() * 3 / 4, c.ops() - 1}) {
            if (ops >= 1 && ops < c.ops()) list.add(c.withShape(c.replicas(), c.clients(), ops, c.keys()));
        }
        int actions = Math.min(c.nemesisActionsMax(), nemesisActions(best));
        for (int n : new int[] {0, actions / 2, actions - 1}) {
            if (n >= 0 && n < c.nemesisActionsMax()) list.add(c.withNemesisActionsMax(n));
        }
        for (Fault f : Fault.values()) {
            if (!c.faults().contains(f)) continue;
            Set<Fault> fewer = EnumSet.copyOf(c.faults());
            fewer.remove(f);
            list.add(c.withFaults(fewer));
        }
        for (int clients : new int[] {1, c.clients() / 2, c.clients() - 1}) {
            if (clients >= 1 && clients < c.clients()) list.add(c.withShape(c.replicas(), clients, c.ops(), c.keys()));
        }
        for (int replicas : new int[] {2, c.replicas() - 1}) {
            if (replicas >= 2 && replicas < c.replicas()) list.add(c.withShape(replicas, c.clients(), c.ops(), c.keys()));
        }
        for (int keys : new int[] {1, c.keys() / 2, c.keys() - 1}) {
            if (keys >= 1 && keys < c.keys()) list.add(c.withShape(c.replicas(), c.clients(), c.ops(), keys));
        }
        for (double scale : new double[] {c.delayScale() / 4, c.delayScale() / 2}) {
            if (scale >= 0.01) list.add(c.withDelayScale(scale));
        }
        return list;
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
