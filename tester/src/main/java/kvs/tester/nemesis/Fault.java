package kvs.tester.nemesis;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One planned fault: its kind, the replicas it acts on (0-based indexes), and for a partition its
 * two sides, whether it is one-way and its shape ({@code isolate}, {@code halves}, {@code bridge},
 * {@code one-way}). {@code holdMillis} is how long it lasts, {@code gapMillis} the quiet time
 * before it starts.
 */
public record Fault(FaultKind kind, List<Integer> targets, Set<Integer> side, Set<Integer> other, boolean oneWay,
                    String shape, long gapMillis, long holdMillis) {
    public Fault {
        targets = List.copyOf(targets);
        side = new TreeSet<>(side);
        other = new TreeSet<>(other);
    }

    /** For people and the history: replicas numbered from 1, e.g. {@code isolate 1 | 2,3}. */
    public String describe() {
        return switch (kind) {
            case PARTITION -> shape + " " + numbers(side) + (oneWay ? " -/-> " : " | ") + numbers(other)
                    + (oneWay ? " (" + numbers(side) + " cannot open connections to " + numbers(other) + ")" : "")
                    + (shape.equals("bridge") ? " (replica " + (targets.get(targets.size() - 1) + 1) + " talks to both)" : "");
            case KILL -> "kill -9 replica " + (targets.get(0) + 1) + ", then restart it";
            case PAUSE -> "SIGSTOP replica " + (targets.get(0) + 1) + ", then SIGCONT";
            case HANG -> "cut the cable of replica " + (targets.get(0) + 1);
            case JOIN -> "replica " + (targets.get(0) + 1) + " joins";
        };
    }

    static String numbers(Set<Integer> group) {
        StringBuilder text = new StringBuilder();
        for (int i : new TreeSet<>(group)) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(i + 1);
        }
        return text.toString();
    }
}
