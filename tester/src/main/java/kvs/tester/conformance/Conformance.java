package kvs.tester.conformance;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import kvs.checker.report.ReportExtras.ConformanceRow;
import kvs.cluster.Cluster;

/**
 * The conformance suite of {@code kvs-test}: every row of the API table of SPEC §2 with exact
 * status, body and {@code Content-Type}; value types; key lengths in characters (multibyte too);
 * GET and DELETE without a body; bad input refused with a 4xx; the view endpoints; replication;
 * and the course's scenarios with real faults. Each check is one {@link CheckResult}.
 *
 * <p>The cluster must be started and ready. The suite writes keys under a random prefix (and the
 * keys {@code sync}, {@code replicate}, {@code internal}), kills and restarts its last member, and
 * leaves every member running with its faults healed.
 */
public final class Conformance {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Conformance() {}

    /** Runs every check; {@code progress} sees each result as it is made. */
    public static List<CheckResult> check(Cluster cluster, ConformanceOptions options, Consumer<CheckResult> progress) {
        if (cluster.addresses().isEmpty()) throw new IllegalArgumentException("a cluster with no replica");
        Probe probe = new Probe(cluster, options, randomPrefix(), progress);
        Set<Integer> all = new TreeSet<>();
        for (int i = 0; i < cluster.addresses().size(); i++) all.add(i);
        if (probe.viewOf(0).isPresent()) probe.awaitViews(all, options.settleTimeout().toMillis());
        new ViewChecks(probe).run();
        ApiChecks api = new ApiChecks(probe);
        api.run();
        new ReplicationChecks(probe).run();
        if (!options.scenarios()) {
            ScenarioChecks.skipAll(probe, "scenarios not run: they inject faults, which needs a cluster that kvs-test started"
                    + " (not --against) and no --no-scenarios");
        } else if (cluster.addresses().size() < 3) {
            ScenarioChecks.skipAll(probe, "the course's scenarios need at least 3 replicas");
        } else {
            new ScenarioChecks(probe).run();
        }
        api.badInput();
        return probe.results();
    }

    /** Runs every check; the rows of the HTML report's conformance table (contract B). */
    public static List<ConformanceRow> run(Cluster cluster, ConformanceOptions options) {
        return rows(check(cluster, options, result -> {}));
    }

    /** The report's rows: a skipped check is a passing row whose answer says SKIPPED and why. */
    public static List<ConformanceRow> rows(List<CheckResult> results) {
        List<ConformanceRow> rows = new ArrayList<>();
        for (CheckResult r : results) {
            boolean skipped = r.status() == CheckResult.Status.SKIP;
            rows.add(new ConformanceRow(r.group(), skipped ? "(skipped) " + r.check() : r.check(), !r.failed(), r.request(),
                    skipped ? "SKIPPED: " + r.answer() : r.answer(), r.expected()));
        }
        return rows;
    }

    public static boolean allPass(List<CheckResult> results) {
        return results.stream().noneMatch(CheckResult::failed);
    }

    private static String randomPrefix() {
        SecureRandom random = new SecureRandom();
        StringBuilder prefix = new StringBuilder("cf");
        for (int i = 0; i < 4; i++) prefix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return prefix.append('-').toString();
    }
}
