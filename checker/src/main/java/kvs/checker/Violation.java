package kvs.checker;

import java.util.List;

/**
 * One violation (or the first of a group of violations with the same root cause).
 *
 * @param check what was violated: cc, cm, ccv, read-your-writes, monotonic-reads,
 *     monotonic-writes, writes-follow-reads, convergence, thin-air, duplicate-values
 * @param pattern the bad pattern (WriteCORead, CyclicCF, ...) or the kind of convergence failure
 * @param explanation the proof in prose: each edge with its reason, each operation with its
 *     index, session, replica and time
 * @param operations the indices (order of invocation in the file, from 0) of the smallest set
 *     of operations that proves the violation
 */
public record Violation(String check, String pattern, String explanation, List<Integer> operations) {
    public Violation {
        if (check == null || pattern == null || explanation == null || operations == null) {
            throw new IllegalArgumentException("a violation has no null components");
        }
        operations = List.copyOf(operations);
    }
}
