package kvs.checker.causal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kvs.checker.Model;
import kvs.checker.Verdict;

/**
 * What the analysis of one history concluded: the status of each check, the findings grouped by
 * root cause, notes, and the means to explain and draw them. Built by {@link #analyze}.
 */
public final class Outcome {
    /** The checks, in report order. */
    public static final List<String> CHECKS = List.of("cc", "cm", "ccv", "thin-air", "read-your-writes", "monotonic-reads",
            "monotonic-writes", "writes-follow-reads", "convergence");

    /** A group of findings with one root cause; the first one stands for all. */
    public record Group(String check, String pattern, Finding first, int count) {}

    private final Analysis analysis;
    private final Explainer explainer;
    private final boolean timedOut;
    private final List<Group> groups;
    private final Map<String, Verdict> status = new LinkedHashMap<>();
    private final long elapsedNanos;

    private Outcome(Analysis analysis, boolean timedOut, long elapsedNanos) {
        this.analysis = analysis;
        this.explainer = new Explainer(analysis);
        this.timedOut = timedOut;
        this.elapsedNanos = elapsedNanos;
        this.groups = group(analysis.findings);
        for (String c : CHECKS) status.put(c, statusOf(c));
        if (analysis.duplicates) status.put("duplicate-values", Verdict.UNKNOWN);
    }

    /** Analyzes {@code h} within the time budget. */
    public static Outcome analyze(History h, long timeLimitNanos) {
        long start = System.nanoTime();
        Analysis a = new Analysis(h, start + timeLimitNanos);
        boolean timedOut = false;
        try {
            a.run();
        } catch (TimeUp e) {
            timedOut = true;
            a.notes.add("The time limit ran out before every check finished; unfinished checks are unknown.");
        } catch (TooLarge e) {
            timedOut = true;
            a.notes.add("The history is too large for this heap: " + e.getMessage() + "; unfinished checks are unknown "
                    + "(give the JVM more memory: KVS_JAVA_OPTS=-Xmx4g for scripts/kvs-check).");
        }
        return new Outcome(a, timedOut, System.nanoTime() - start);
    }

    private static List<Group> group(List<Finding> findings) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Finding> firsts = new LinkedHashMap<>();
        for (Finding f : findings) {
            String key = f.check() + "|" + f.pattern() + "|" + f.groupKey();
            firsts.putIfAbsent(key, f);
            counts.computeIfAbsent(key, x -> new int[1])[0]++;
        }
        List<Group> out = new ArrayList<>();
        for (String check : CHECKS) {
            for (Map.Entry<String, Finding> e : firsts.entrySet()) {
                Finding f = e.getValue();
                if (f.check().equals(check)) out.add(new Group(f.check(), f.pattern(), f, counts.get(e.getKey())[0]));
            }
        }
        for (Map.Entry<String, Finding> e : firsts.entrySet()) {
            Finding f = e.getValue();
            if (!CHECKS.contains(f.check())) out.add(new Group(f.check(), f.pattern(), f, counts.get(e.getKey())[0]));
        }
        return out;
    }

    private Verdict statusOf(String check) {
        boolean found = groups.stream().anyMatch(g -> g.check().equals(check));
        if (found) return Verdict.INVALID;
        if (analysis.duplicates || timedOut) return Verdict.UNKNOWN;
        if (analysis.coCyclic && !check.equals("cc") && !check.equals("thin-air")) return Verdict.UNKNOWN;
        if (analysis.cfOverflow && (check.equals("ccv") || check.equals("cm"))) return Verdict.UNKNOWN;
        if (analysis.cmIncomplete && check.equals("cm")) return Verdict.UNKNOWN;
        return Verdict.VALID;
    }

    /** The checks whose failures make the verdict of a model. */
    public static List<String> checksOf(Model model) {
        return switch (model) {
            case CC -> List.of("cc", "thin-air");
            case CM -> List.of("cc", "cm", "thin-air");
            case CCV -> List.of("cc", "ccv", "thin-air", "convergence");
        };
    }

    public Verdict verdict(Model model) {
        Verdict v = Verdict.VALID;
        for (String c : checksOf(model)) v = v.and(status.get(c));
        if (analysis.duplicates && v != Verdict.INVALID) return Verdict.UNKNOWN;
        return v;
    }

    public Map<String, Verdict> status() {
        return status;
    }

    public List<Group> groups() {
        return groups;
    }

    /** Every finding, in the order the analysis made them (a check's findings by group key in {@link #groups}). */
    public List<Finding> findings() {
        return java.util.Collections.unmodifiableList(analysis.findings);
    }

    public List<String> notes() {
        return analysis.notes;
    }

    public boolean timedOut() {
        return timedOut;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }

    public int findingCount(String check) {
        int total = 0;
        for (Group g : groups) if (g.check().equals(check)) total += g.count();
        return total;
    }

    public String explain(Finding f) {
        return explainer.explain(f);
    }

    public List<Integer> operations(Finding f) {
        return explainer.operations(f);
    }

    public List<Explainer.Edge> edges(Finding f) {
        return explainer.edges(f);
    }

    public String describe(int op) {
        return explainer.describe(op);
    }

    /** CPU milliseconds per phase of the analysis. */
    public Map<String, Long> phaseMillis() {
        return analysis.phaseMillis;
    }

    /** CPU milliseconds of the cm threads other than the checking thread. */
    public long helperCpuMillis() {
        return analysis.helperCpuTotalNanos.get() / 1_000_000;
    }

    /** Wall-clock milliseconds of each phase (the cm phase runs on every core). */
    public Map<String, Long> phaseWallMillis() {
        return analysis.phaseWallMillis;
    }

    public History history() {
        return analysis.h;
    }
}
