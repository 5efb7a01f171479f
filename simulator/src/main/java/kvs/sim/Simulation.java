package kvs.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import kvs.checker.history.HistoryEvent;

import kvs.sim.world.SimConfig;
import kvs.sim.world.World;
import kvs.sim.world.WorldResult;

/** Runs one simulation and judges its history. Single-threaded; one instance per run. */
public final class Simulation {
    private Simulation() {}

    /** How the report of a run passed by {@link #excuseLostWrites} begins. */
    static final String EXCUSED_NOTE = "NOTE (simulator): ";

    /** True when the run passed because its only findings were explained by writes that died in crashes. */
    public static boolean excused(Judgement judgement) {
        return judgement.verdict() == Judgement.Verdict.VALID && judgement.text().startsWith(EXCUSED_NOTE);
    }

    public static RunResult run(SimConfig config, boolean traceOn, Judge judge) {
        long start = System.nanoTime();
        WorldResult world = new World(config, traceOn).run();
        long real = System.nanoTime() - start;
        Optional<Judgement> judgement = world.end() == WorldResult.End.REPLICA_FAILURE
                ? Optional.empty()
                : Optional.of(excuseLostWrites(judge.judge(world.history(), world.faults(), config),
                        world.writesLostInCrashes(), lost -> judge.judge(withOutcomesUnknown(world.history(), lost), config)));
        return new RunResult(config, world, judgement, real);
    }

    /**
     * Replicas acknowledge a write before replicating it and keep it in volatile memory, so a write
     * dies when every replica that held it crashes first; the checker then rightly reports that the
     * final reads miss an acknowledged write (convergence, FinalValueOverwritten), naming the write
     * it infers was lost, which need not be the one that died (for an absent final read, the
     * inference runs through the deletes and the writes that overwrote them). The world knows which
     * writes died that way. When every finding that decides the verdict is such a convergence
     * finding, the history is judged again with the outcome of the writes that died taken as
     * unknown ({@code info}: may or may not have taken effect, so no final read has to show them,
     * while reads that saw them stay valid). If that history is valid, the dead writes explain every
     * finding, and the run passes with a note on top of the checker's report. Anything else
     * (another check, a finding that stays, a truncated report) stands.
     *
     * <p>An {@code info} ends its session for the checker (later operations of the session form a
     * continuation without a session-order edge back), which could only hide an edge after a dead
     * write. No surviving write can follow a dead one in its session: the session's metadata names
     * the dead write from then on, so a replica accepts its next write only once it has applied the
     * dead one, and that replica's copy died too (or the write stays buffered and is counted dead).
     *
     * @param judgeWithUnknown judges the run's history with these writes' outcomes taken as unknown
     */
    static Judgement excuseLostWrites(Judgement judgement, List<Integer> lostInCrashes,
                                      Function<Set<Integer>, Judgement> judgeWithUnknown) {
        if (judgement.verdict() != Judgement.Verdict.INVALID || lostInCrashes.isEmpty() || !judgement.complete()) {
            return judgement;
        }
        int findings = 0;
        for (Judgement.Finding f : judgement.findings()) {
            if (!judgement.deciding().contains(f.check())) continue;
            if (!f.check().equals("convergence") || !f.pattern().equals("FinalValueOverwritten")) return judgement;
            findings++;
        }
        if (findings == 0) return judgement;
        Set<Integer> lost = new TreeSet<>(lostInCrashes);
        if (judgeWithUnknown.apply(lost).verdict() != Judgement.Verdict.VALID) return judgement;
        String note = EXCUSED_NOTE + findings + " convergence finding(s) below are explained by acknowledged "
                + "writes that died with the memory of crashed or removed replicas before any other replica applied them "
                + "(operations " + lostInCrashes + "): with their outcome taken as unknown, the checker finds the history "
                + "valid. Writes are acknowledged before replication and state is volatile, so this is expected under "
                + "crashes; the simulator counts the run as passing.\n\n";
        return new Judgement(Judgement.Verdict.VALID, List.of(), note + judgement.text(), judgement.json(),
                judgement.html(), judgement.findings(), judgement.deciding(), judgement.complete());
    }

    /** The history with the completions of the given invocations (0-based, in order) turned from ok to info. */
    static List<HistoryEvent> withOutcomesUnknown(List<HistoryEvent> history, Set<Integer> invocations) {
        List<HistoryEvent> out = new ArrayList<>(history.size());
        TreeSet<String> marked = new TreeSet<>(); // sessions whose open operation is to be marked
        int invokes = 0;
        for (HistoryEvent e : history) {
            if (e.isInvoke()) {
                if (invocations.contains(invokes)) marked.add(e.session());
                invokes++;
                out.add(e);
            } else if (marked.remove(e.session()) && e.type() == HistoryEvent.Type.OK) {
                out.add(new HistoryEvent(HistoryEvent.Type.INFO, e.session(), e.op(), e.key(), e.valueJson(), e.found(),
                        e.replica(), e.metadataJson(), e.timeNanos(), e.finalRead(), e.status(), e.error(), e.unexpected()));
            } else {
                out.add(e);
            }
        }
        return out;
    }
}
