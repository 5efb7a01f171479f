package kvs.sim;

import java.util.List;

/**
 * The checker's verdict on one history, reduced to what the simulator needs.
 *
 * @param verdict valid, invalid or unknown
 * @param violatedChecks the names of the checks that found a violation, in the checker's order, without repeats
 * @param text the report in prose
 * @param json the report as JSON
 * @param html the report with its timeline, as one HTML page
 * @param findings every violation the report explains, with the operations that prove it
 * @param deciding the checks whose violations decide the verdict (for the model the checker used)
 * @param complete false when the report explains only some groups of violations
 */
public record Judgement(Verdict verdict, List<String> violatedChecks, String text, String json, String html,
                        List<Finding> findings, List<String> deciding, boolean complete) {
    public enum Verdict { VALID, INVALID, UNKNOWN }

    /**
     * One explained violation.
     *
     * @param operations indices of the operations (invocation order in the history, from 0)
     * @param alone false when other violations share its root cause and only this one is explained
     */
    public record Finding(String check, String pattern, List<Integer> operations, boolean alone) {
        public Finding {
            operations = List.copyOf(operations);
        }
    }

    public Judgement {
        violatedChecks = List.copyOf(violatedChecks);
        findings = List.copyOf(findings);
        deciding = List.copyOf(deciding);
    }

    /** A valid verdict (for judges that only need to say so). */
    public static Judgement valid(String text) {
        return new Judgement(Verdict.VALID, List.of(), text, "{}", "<html><body><pre>" + text + "</pre></body></html>",
                List.of(), List.of(), true);
    }
}
