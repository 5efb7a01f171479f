package kvs.checker.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kvs.checker.causal.Finding;
import kvs.checker.causal.Outcome;

/**
 * Groups the findings of an analysis by root cause, once: a read that returned an overwritten
 * value (or found a written key absent) is one root cause, whichever checks it breaks: causal
 * consistency always, a session guarantee when its shape says so, causal memory when the same
 * read is also a cm witness. The analysis groups each check's findings on its own (by the writes
 * involved); here the groups of different checks that share a violating read are merged. Every
 * other finding (cycles, convergence, thin air, duplicates) is a root cause of its own kind,
 * grouped as the analysis grouped it.
 *
 * <p>Then chooses which groups to explain: each failing check in turn takes its next group not
 * yet chosen (round robin in the checker's order), so every failing check shows examples and no
 * check crowds out another's.
 */
public final class RootCauses {
    /** Checks whose findings are shapes of one violating read (their first operation is that read). */
    private static final List<String> READ_SHAPED = List.of("read-your-writes", "monotonic-reads", "monotonic-writes",
            "writes-follow-reads");

    /**
     * One root cause.
     *
     * @param checks the checks it breaks, in the checker's order
     * @param firsts per check, the first finding of that check (the one explained)
     * @param counts per check, how many findings of that check it accounts for
     */
    public record Group(List<String> checks, Map<String, Finding> firsts, Map<String, Integer> counts) {
        public String check() {
            return checks.get(0);
        }

        public Finding first() {
            return firsts.get(check());
        }

        public String pattern() {
            return first().pattern();
        }

        /** Violations of {@code check} in this group, 0 if it does not break it. */
        public int count(String someCheck) {
            return counts.getOrDefault(someCheck, 0);
        }

        /** The largest per-check count: how many violating reads (or cycles, keys) this root cause covers. */
        public int size() {
            int max = 0;
            for (String c : checks) max = Math.max(max, counts.get(c));
            return max;
        }
    }

    private RootCauses() {}

    /** The root causes, ordered by their first check (checker's order), then by first appearance. */
    public static List<Group> group(List<Finding> findings) {
        Map<String, List<Finding>> byCause = new LinkedHashMap<>();
        Map<Integer, String> causeOfRead = new HashMap<>(); // lookups only, never iterated
        for (Finding f : findings) {
            String own = f.check() + "|" + f.pattern() + "|" + f.groupKey();
            String cause;
            if (f.check().equals("cc") && (f.pattern().equals("WriteCORead") || f.pattern().equals("WriteCOInitRead"))) {
                cause = own;
                causeOfRead.putIfAbsent(f.ops()[0], own);
            } else if (READ_SHAPED.contains(f.check())
                    || (f.check().equals("cm") && f.pattern().equals("WriteHBInitRead"))) {
                cause = causeOfRead.getOrDefault(f.ops()[0], own);
            } else {
                cause = own;
            }
            byCause.computeIfAbsent(cause, k -> new ArrayList<>()).add(f);
        }
        List<Group> groups = new ArrayList<>();
        for (List<Finding> members : byCause.values()) {
            Map<String, Finding> firsts = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String check : order(members)) {
                for (Finding f : members) {
                    if (!f.check().equals(check)) continue;
                    firsts.putIfAbsent(check, f);
                    counts.merge(check, 1, Integer::sum);
                }
            }
            groups.add(new Group(List.copyOf(firsts.keySet()), firsts, counts));
        }
        List<Group> ordered = new ArrayList<>();
        for (int rank = 0; rank <= Outcome.CHECKS.size(); rank++) {
            for (Group g : groups) if (rank(g.check()) == rank) ordered.add(g);
        }
        return ordered;
    }

    /** The checks of the members, in the checker's order (unknown checks last, by first appearance). */
    private static List<String> order(List<Finding> members) {
        List<String> out = new ArrayList<>();
        for (String c : Outcome.CHECKS) {
            for (Finding f : members) {
                if (f.check().equals(c)) {
                    out.add(c);
                    break;
                }
            }
        }
        for (Finding f : members) if (!out.contains(f.check())) out.add(f.check());
        return out;
    }

    private static int rank(String check) {
        int i = Outcome.CHECKS.indexOf(check);
        return i < 0 ? Outcome.CHECKS.size() : i;
    }

    /**
     * Up to {@code max} groups to explain, in the order of {@code groups}: each check that has
     * groups takes its next unchosen group in turn.
     */
    public static List<Group> choose(List<Group> groups, int max) {
        if (groups.size() <= max) return groups;
        List<String> checks = new ArrayList<>();
        for (Group g : groups) for (String c : g.checks()) if (!checks.contains(c)) checks.add(c);
        boolean[] chosen = new boolean[groups.size()];
        int[] next = new int[checks.size()];
        int count = 0;
        boolean progress = true;
        while (count < max && progress) {
            progress = false;
            for (int c = 0; c < checks.size() && count < max; c++) {
                int i = next[c];
                while (i < groups.size() && (chosen[i] || !groups.get(i).checks().contains(checks.get(c)))) i++;
                next[c] = i;
                if (i < groups.size()) {
                    chosen[i] = true;
                    count++;
                    progress = true;
                }
            }
        }
        List<Group> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) if (chosen[i]) out.add(groups.get(i));
        return out;
    }
}
