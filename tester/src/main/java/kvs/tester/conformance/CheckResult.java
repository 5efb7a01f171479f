package kvs.tester.conformance;

/**
 * One conformance check: its outcome, the request that was sent, the answer that came back (or,
 * for a skipped check, why it was skipped) and what the specification wants.
 */
public record CheckResult(String group, String check, Status status, String request, String answer, String expected) {
    public enum Status { PASS, FAIL, SKIP }

    public CheckResult {
        if (group == null || check == null || status == null || request == null || answer == null || expected == null) {
            throw new IllegalArgumentException("null component in a check result");
        }
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
