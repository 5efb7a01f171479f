package kvs.tester.conformance;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import kvs.tester.conformance.Probe.Request;

/**
 * The course's scenarios on a live cluster of at least three replicas, with real faults:
 * availability with its peers (two, in the course) cut off; 503 for metadata ahead of a partitioned replica, old
 * metadata served there, catch-up after the heal, and a delete made during the partition that
 * stays deleted; views after a crash and after a restart, and the restarted replica serving the
 * data. Faults the network cannot make (partitions on loopback) make their rows SKIP, with the
 * cluster's reason.
 */
final class ScenarioChecks {
    static final String GROUP = "scenarios";
    static final long WRITE_BUDGET_MILLIS = 1000;
    static final long VIEW_BUDGET_MILLIS = 5000;
    static final long HEAL_BUDGET_MILLIS = 10_000;

    static final String AVAILABLE = "a write is answered within 1 s with two peers cut off";
    static final String AHEAD = "503 for metadata ahead of a partitioned replica";
    static final String OLD = "a partitioned replica serves reads with old metadata";
    static final String ORDER_400 = "check order: a PUT with no value is 400 even with metadata ahead";
    static final String ABSENT_503 = "a key the replica never saw, with metadata ahead: 503, not 404";
    static final String CATCH_UP = "after the partition heals, the replica serves the new write within 10 s";
    static final String DELETED = "a key deleted during the partition stays deleted after it heals";
    static final String CRASH = "views exclude a crashed replica within 5 s";
    static final String RESTART = "views include a restarted replica within 5 s";
    static final String DATA_BEFORE = "the restarted replica serves a write made before its crash";
    static final String DATA_DURING = "the restarted replica serves a write made while it was down";

    private final Probe probe;
    private final long grace;
    private final Set<Integer> all = new TreeSet<>();

    ScenarioChecks(Probe probe) {
        this.probe = probe;
        this.grace = probe.options.grace().toMillis();
        for (int i = 0; i < probe.size(); i++) all.add(i);
    }

    static void skipAll(Probe probe, String reason) {
        for (String check : new String[] {AVAILABLE, AHEAD, OLD, ORDER_400, ABSENT_503, CATCH_UP, DELETED, CRASH, RESTART, DATA_BEFORE, DATA_DURING}) {
            probe.skip(GROUP, check, reason, "see SPEC §3");
        }
    }

    void run() {
        availabilityWithPeersCutOff();
        partitionedReplica();
        crashAndRestart();
    }

    private void availabilityWithPeersCutOff() {
        Set<Integer> peers = new TreeSet<>(all);
        peers.remove(0);
        String names = peers.size() == 2 ? "replicas 2 and 3" : "every other replica";
        String how;
        try {
            probe.cluster.partition(Set.of(0), peers, false);
            how = "(replica 1 partitioned from " + names + ")";
        } catch (UnsupportedOperationException e) {
            peers.forEach(probe.cluster::pause);
            how = "(" + names + " paused with SIGSTOP, since " + e.getMessage() + ")";
        }
        try {
            Request put = probe.request(0, "PUT", Probe.keyPath(probe.prefix + "available"),
                    Probe.putBody(JsonValues.of("\"cut off\""), NullNode.getInstance())).withNote(how);
            probe.check(GROUP, AVAILABLE, put, Expect.within(Expect.result(201, "created"), WRITE_BUDGET_MILLIS, grace));
        } finally {
            probe.cluster.heal();
        }
        probe.settle(all);
    }

    private void partitionedReplica() {
        int c = probe.size() - 1;
        Set<Integer> others = new TreeSet<>(all);
        others.remove(c);
        String key = probe.prefix + "partition";
        String deleted = probe.prefix + "partition-deleted";
        JsonNode old = JsonValues.of("\"old\"");
        JsonNode fresh = JsonValues.of("\"new\"");
        JsonNode metadata = write(0, deleted, JsonValues.of("\"to delete\""), NullNode.getInstance());
        JsonNode oldMetadata = write(0, key, old, metadata);
        Request oldAtC = probe.request(c, "GET", Probe.keyPath(key), Probe.metadataBody(oldMetadata));
        probe.poll(() -> probe.send(oldAtC), a -> Probe.isStatus(a, 200), 3000);
        try {
            probe.cluster.partition(Set.of(c), others, false);
        } catch (UnsupportedOperationException e) {
            for (String check : new String[] {AHEAD, OLD, ORDER_400, ABSENT_503, CATCH_UP, DELETED}) {
                probe.skip(GROUP, check, e.getMessage(), "see SPEC §3");
            }
            return;
        }
        JsonNode newMetadata;
        try {
            newMetadata = write(0, key, fresh, oldMetadata);
            Answer gone = probe.send(probe.request(0, "DELETE", Probe.keyPath(deleted), Probe.metadataBody(newMetadata)));
            newMetadata = Probe.latest(newMetadata, gone);
            String note = "(replica " + (c + 1) + " partitioned from the others; the key was written again at replica 1)";
            probe.check(GROUP, AHEAD, probe.request(c, "GET", Probe.keyPath(key), Probe.metadataBody(newMetadata)).withNote(note),
                    Expect.error(503, ReplicationChecks.ERROR_503));
            probe.check(GROUP, OLD, oldAtC.withNote(note), Expect.found(old));
            probe.check(GROUP, ORDER_400, probe.request(c, "PUT", Probe.keyPath(key), Probe.metadataBody(newMetadata)).withNote(note),
                    Expect.error(400, "PUT request does not specify a value"));
            probe.check(GROUP, ABSENT_503, probe.request(c, "GET", Probe.keyPath(probe.prefix + "never-written"),
                    Probe.metadataBody(newMetadata)).withNote(note), Expect.error(503, ReplicationChecks.ERROR_503));
        } finally {
            probe.cluster.heal();
        }
        long healed = System.nanoTime();
        Request newAtC = probe.request(c, "GET", Probe.keyPath(key), Probe.metadataBody(newMetadata));
        Answer caughtUp = probe.poll(() -> probe.send(newAtC), a -> Probe.isStatus(a, 200), HEAL_BUDGET_MILLIS + grace);
        long elapsed = (System.nanoTime() - healed) / 1_000_000;
        probe.judge(GROUP, CATCH_UP, probe.describe(newAtC) + " until found, after the heal",
                caughtUp.withMillis(elapsed), Expect.within(Expect.found(fresh), HEAL_BUDGET_MILLIS, grace));
        probe.settle(all);
        Probe.sleep(ReplicationChecks.AFTER_DELETE_MILLIS);
        StringBuilder answers = new StringBuilder();
        boolean stayed = true;
        for (int member = 0; member < probe.size(); member++) {
            Answer answer = probe.send(probe.request(member, "GET", Probe.keyPath(deleted), Probe.metadataBody(NullNode.getInstance())));
            stayed &= Probe.isStatus(answer, 404);
            answers.append(answers.length() == 0 ? "" : "; ").append("replica ").append(member + 1).append(": ").append(answer.describe());
        }
        String request = "PUT at replica 1 (reached replica " + (c + 1) + "), partition, DELETE at replica 1, heal, then "
                + ReplicationChecks.AFTER_DELETE_MILLIS + " ms later GET at every replica with null metadata";
        if (stayed) {
            probe.pass(GROUP, DELETED, request, answers.toString(), "404 at every replica");
        } else {
            probe.fail(GROUP, DELETED, request, answers.toString(), "404 at every replica");
        }
    }

    private void crashAndRestart() {
        int c = probe.size() - 1;
        Set<Integer> others = new TreeSet<>(all);
        others.remove(c);
        JsonNode before = JsonValues.of("\"before the crash\"");
        JsonNode during = JsonValues.of("\"while down\"");
        String beforeKey = probe.prefix + "before-crash";
        String duringKey = probe.prefix + "while-down";
        JsonNode metadata = write(0, beforeKey, before, NullNode.getInstance());
        Request beforeAtC = probe.request(c, "GET", Probe.keyPath(beforeKey), Probe.metadataBody(metadata));
        probe.poll(() -> probe.send(beforeAtC), a -> Probe.isStatus(a, 200), 3000);

        probe.cluster.kill(c);
        boolean views = probe.viewOf(0).isPresent();
        Optional<Long> excluded = views ? probe.awaitViews(others, VIEW_BUDGET_MILLIS + grace) : Optional.empty();
        viewRow(CRASH, views, excluded, others, "replica " + (c + 1) + " killed (SIGKILL), then GET /view at the others");

        metadata = write(0, duringKey, during, metadata);
        long started = System.nanoTime();
        probe.cluster.start(c);
        if (!probe.cluster.awaitReady(c, probe.options.settleTimeout())) {
            String reason = "replica " + (c + 1) + " did not answer within " + probe.options.settleTimeout().toSeconds()
                    + " s of its restart; its log: " + probe.cluster.logFile(c);
            probe.fail(GROUP, RESTART, "restart of replica " + (c + 1), reason, "every view includes it within 5 s");
            probe.skip(GROUP, DATA_BEFORE, reason, "the write's value");
            probe.skip(GROUP, DATA_DURING, reason, "the write's value");
            return;
        }
        Optional<Long> included = views ? probe.awaitViews(all, VIEW_BUDGET_MILLIS + grace) : Optional.empty();
        viewRow(RESTART, views, included.map(ms -> (System.nanoTime() - started) / 1_000_000),
                all, "replica " + (c + 1) + " restarted with the same command, then GET /view at every replica");
        served(DATA_BEFORE, c, beforeKey, before, metadata, started);
        served(DATA_DURING, c, duringKey, during, metadata, started);
    }

    private void viewRow(String check, boolean views, Optional<Long> millis, Set<Integer> members, String request) {
        Set<String> wanted = new TreeSet<>();
        members.forEach(i -> wanted.add(probe.address(i)));
        String expected = "every view is " + wanted + " within " + VIEW_BUDGET_MILLIS + " ms (+" + grace + " ms grace)";
        if (!views) {
            probe.fail(GROUP, check, request, "GET /view is not answered with a view", expected);
        } else if (millis.isPresent() && millis.get() <= VIEW_BUDGET_MILLIS + grace) {
            probe.pass(GROUP, check, request, "views complete after " + millis.get() + " ms", expected);
        } else {
            StringBuilder seen = new StringBuilder();
            for (int member : members) {
                seen.append(seen.length() == 0 ? "" : "; ").append("replica ").append(member + 1).append(": ")
                        .append(probe.viewOf(member).map(Object::toString).orElse("no view"));
            }
            probe.fail(GROUP, check, request, "not complete after " + (VIEW_BUDGET_MILLIS + grace) + " ms: " + seen, expected);
        }
    }

    /** Whether the restarted replica serves {@code key} within the restart budget. */
    private void served(String check, int c, String key, JsonNode value, JsonNode metadata, long startedNanos) {
        Request get = probe.request(c, "GET", Probe.keyPath(key), Probe.metadataBody(metadata));
        long left = VIEW_BUDGET_MILLIS + grace - (System.nanoTime() - startedNanos) / 1_000_000;
        Answer answer = probe.poll(() -> probe.send(get), a -> Probe.isStatus(a, 200), Math.max(left, 0));
        long elapsed = (System.nanoTime() - startedNanos) / 1_000_000;
        probe.judge(GROUP, check, probe.describe(get) + " while 503, from the restart on", answer.withMillis(elapsed),
                Expect.within(Expect.found(value), VIEW_BUDGET_MILLIS, grace));
    }

    /** A PUT at {@code member}; the metadata after it (the metadata sent when the PUT failed). */
    private JsonNode write(int member, String key, JsonNode value, JsonNode metadata) {
        Answer answer = probe.send(probe.request(member, "PUT", Probe.keyPath(key), Probe.putBody(value, metadata)));
        return Probe.latest(metadata, answer);
    }
}
