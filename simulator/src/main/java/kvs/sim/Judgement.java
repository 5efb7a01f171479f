package kvs.sim;

import java.util.List;

/**
 * The checker's verdict on one history, reduced to what the simulator needs.
 *
 * @param verdict valid, invalid or unknown
 * @param violatedChecks the names of the checks that found a violation, sorted, without repeats
 * @param text the report in prose
 * @param json the report as JSON
 * @param html the report with its timeline, as one HTML page
 */
public record Judgement(Verdict verdict, List<String> violatedChecks, String text, String json, String html) {
    public enum Verdict { VALID, INVALID, UNKNOWN }

    public Judgement {
        violatedChecks = List.copyOf(violatedChecks);
    }
}
