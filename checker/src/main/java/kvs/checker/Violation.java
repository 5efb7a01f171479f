package kvs.checker;

import java.util.List;
import java.util.Optional;

/**
 * One root cause of violations: a group of findings that one fact explains (for example a read
 * that returned an overwritten value breaks causal consistency and, by its shape, a session
 * guarantee too). It is told once and lists every check it breaks.
 *
 * @param check the first check it breaks, in the checker's order (cc, cm, ccv, thin-air, the
 *     session guarantees, convergence; then duplicate-values)
 * @param pattern the bad pattern of that check (WriteCORead, CyclicCF, ...)
 * @param explanation the proof in prose for that check: each edge with its reason, each
 *     operation with its index, session, replica and time
 * @param operations the indices (order of invocation in the file, from 0) of the smallest set
 *     of operations that proves it
 * @param broken every check this root cause breaks, the first one being {@code check}, each
 *     with its own count of violations, pattern, explanation and operations
 */
public record Violation(String check, String pattern, String explanation, List<Integer> operations, List<Broken> broken) {
    /**
     * One check that a root cause breaks.
     *
     * @param count how many violations of this check the root cause accounts for (the first is explained)
     */
    public record Broken(String check, String pattern, int count, String explanation, List<Integer> operations) {
        public Broken {
            if (check == null || pattern == null || explanation == null || operations == null) {
                throw new IllegalArgumentException("a broken check has no null components");
            }
            if (count < 1) throw new IllegalArgumentException("a broken check counts at least one violation");
            operations = List.copyOf(operations);
        }
    }

    public Violation {
        if (check == null || pattern == null || explanation == null || operations == null || broken == null) {
            throw new IllegalArgumentException("a violation has no null components");
        }
        operations = List.copyOf(operations);
        broken = List.copyOf(broken);
        if (broken.isEmpty() || !broken.get(0).check().equals(check)) {
            throw new IllegalArgumentException("a violation's first broken check is its own check");
        }
    }

    /** A root cause that breaks one check, once. */
    public Violation(String check, String pattern, String explanation, List<Integer> operations) {
        this(check, pattern, explanation, operations, List.of(new Broken(check, pattern, 1, explanation, operations)));
    }

    /** The names of the checks it breaks, in the checker's order. */
    public List<String> checks() {
        return broken.stream().map(Broken::check).toList();
    }

    /** This root cause as seen by one check it breaks: that check's pattern, explanation and operations. */
    public Optional<Violation> as(String someCheck) {
        for (Broken b : broken) {
            if (b.check().equals(someCheck)) {
                return Optional.of(new Violation(b.check(), b.pattern(), b.explanation(), b.operations(), List.of(b)));
            }
        }
        return Optional.empty();
    }
}
