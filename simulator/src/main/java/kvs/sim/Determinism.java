package kvs.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryWriter;
import kvs.sim.world.SimConfig;
import kvs.sim.world.World;
import kvs.sim.world.WorldResult;

/**
 * Runs one config twice and compares the two runs byte for byte: first the history, then the
 * trace. A difference means something other than the seed decided the run (a hash map's order,
 * the clock, a shared static): the first diverging line says where to look.
 */
public final class Determinism {
    private Determinism() {}

    /** The first line where two runs differ. */
    public record Divergence(String file, int lineNumber, String first, String second) {
        public String describe() {
            return "runs diverge at " + file + " line " + lineNumber + ":\n  first run:  " + first + "\n  second run: " + second;
        }
    }

    public static Optional<Divergence> check(SimConfig config) {
        WorldResult first = new World(config, true).run();
        WorldResult second = new World(config, true).run();
        return compare(first, second);
    }

    public static Optional<Divergence> compare(WorldResult a, WorldResult b) {
        Optional<Divergence> history = firstDifference("history", historyLines(a.history()), historyLines(b.history()));
        if (history.isPresent()) return history;
        Optional<Divergence> faults = firstDifference("faults", faultLines(a.faults()), faultLines(b.faults()));
        if (faults.isPresent()) return faults;
        return firstDifference("trace", a.trace(), b.trace());
    }

    public static List<String> historyLines(List<HistoryEvent> history) {
        List<String> lines = new ArrayList<>(history.size());
        for (HistoryEvent e : history) lines.add(HistoryWriter.render(e));
        return lines;
    }

    static List<String> faultLines(List<kvs.checker.history.FaultEvent> faults) {
        List<String> lines = new ArrayList<>(faults.size());
        for (kvs.checker.history.FaultEvent f : faults) lines.add(HistoryWriter.render(f));
        return lines;
    }

    static Optional<Divergence> firstDifference(String file, List<String> a, List<String> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!a.get(i).equals(b.get(i))) return Optional.of(new Divergence(file, i + 1, a.get(i), b.get(i)));
        }
        if (a.size() != b.size()) {
            return Optional.of(new Divergence(file, n + 1, n < a.size() ? a.get(n) : "(end)", n < b.size() ? b.get(n) : "(end)"));
        }
        return Optional.empty();
    }
}
