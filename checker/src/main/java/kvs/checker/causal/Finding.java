package kvs.checker.causal;

/**
 * One raw violation as the analysis finds it: which check and pattern, a key that groups
 * findings with one root cause, and the operations involved (their meaning depends on the
 * pattern; see {@link Explainer}). Explanations are written only for the first of each group.
 *
 * @param check cc, cm, ccv, a session guarantee, convergence, thin-air or duplicate-values
 * @param pattern the bad pattern
 * @param groupKey findings with equal check, pattern and group key share a root cause
 * @param ops the operations, in the order the pattern defines
 */
public record Finding(String check, String pattern, String groupKey, int[] ops) {
    public Finding {
        if (check == null || pattern == null || groupKey == null || ops == null) {
            throw new IllegalArgumentException("a finding has no null components");
        }
    }
}
