package kvs.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import kvs.core.Limits;
import kvs.core.clock.VectorClock;

/**
 * A state transfer too large for one answer goes in pages (bounded in versions and bytes) and
 * stays sound while the answering replica keeps changing: when the last page is merged, every write
 * the requester's clock covers is held (that write's version or a later one of its key).
 */
class PagedStateTransferTest {
    static final String A = "10.0.0.1:8090", B = "10.0.0.2:8090";
    static final List<String> VIEW = List.of(A, B);

    /** Small pages: 7 versions, 2 KB, 25 keys looked at. */
    static Limits smallPages() {
        return Limits.defaults().withSyncPages(7, 2_000, 25);
    }

    @Test
    void aRestartedReplicaCatchesUpPageByPageFromALargeStore() {
        TestNet net = new TestNet();
        net.limits = smallPages();
        net.start(A, VIEW);
        net.start(B, VIEW);
        net.deliverAll();
        for (int i = 0; i < 300; i++) net.put(A, "key" + i, "\"" + "v".repeat(i % 50) + i + "\"", VectorClock.EMPTY);
        net.run(1_000);
        net.crash(B);
        net.run(1_000);
        int pagesBefore = countPages(net);
        Replica restarted = net.start(B, VIEW);
        net.run(3_000);
        assertTrue(countPages(net) - pagesBefore > 300 / 7, "paged: " + net.logs);
        assertEquals(net.replicas.get(A).snapshot(), restarted.snapshot());
        assertEquals(net.replicas.get(A).applied(), restarted.applied());
        assertTrue(net.logs.stream().anyMatch(l -> l.startsWith(B + ": paged state transfer from " + A + " done")), net.logs.toString());
    }

    private static int countPages(TestNet net) {
        return net.callsByType.getOrDefault("SyncPage", 0);
    }

    @Test
    void writesDuringAPagedTransferAreNeverLostFromWhatTheClockClaims() {
        for (long seed = 1; seed <= 30; seed++) writesDuringTransfer(seed);
    }

    private void writesDuringTransfer(long seed) {
        Random random = new Random(seed);
        TestNet net = new TestNet();
        net.limits = smallPages();
        Replica a = net.start(A, List.of(A));
        TreeMap<Long, String> keyOfSeq = new TreeMap<>();
        for (int i = 0; i < 150; i++) write(net, a, random, keyOfSeq);
        net.deliverAll();
        long writtenBeforeB = a.applied().get(a.writerId());
        Replica b = net.start(B, VIEW); // announces itself to A, then asks for A's state
        List<TestNet.Pending> held = new ArrayList<>();
        int steps = 0;
        while (!net.inFlight.isEmpty() && steps++ < 10_000) {
            TestNet.Pending p = net.inFlight.pollFirst();
            if (p.call().message() instanceof Message.Replicate) {
                held.add(p); // replication to B stays out of the way: only the transfer brings B its state
                continue;
            }
            net.deliver(p);
            for (int i = random.nextInt(4); i > 0; i--) write(net, a, random, keyOfSeq); // A keeps changing meanwhile
        }
        assertTrue(net.logs.stream().anyMatch(l -> l.startsWith(B + ": paged state transfer from " + A + " done")),
                "seed " + seed + ": " + net.logs);
        long covered = b.applied().get(a.writerId());
        assertTrue(covered >= writtenBeforeB, "seed " + seed + ": B's clock covers the store A had when B started");
        for (var write : keyOfSeq.headMap(covered, true).entrySet()) {
            Optional<Version> atB = b.version(write.getValue());
            assertTrue(atB.isPresent(), "seed " + seed + ": B lacks " + write.getValue() + " though it claims seq " + covered);
            long latestCovered = keyOfSeq.headMap(covered, true).entrySet().stream()
                    .filter(e -> e.getValue().equals(write.getValue())).mapToLong(e -> e.getKey()).max().orElseThrow();
            assertTrue(atB.get().id().seq() >= latestCovered, "seed " + seed + ": B holds an older version of " + write.getValue());
        }
        b.checkInvariants();
    }

    /** A put or a delete at A of one of 60 keys; remembers which key each of A's writes wrote. */
    private static void write(TestNet net, Replica a, Random random, TreeMap<Long, String> keyOfSeq) {
        String key = "k" + random.nextInt(60);
        Reply reply = random.nextInt(5) == 0
                ? net.client(A, new ClientOp.Delete(key, VectorClock.EMPTY))
                : net.put(A, key, "\"" + "x".repeat(random.nextInt(400)) + "\"", VectorClock.EMPTY);
        if (reply.status() == 200 || reply.status() == 201) keyOfSeq.put(a.applied().get(a.writerId()), key);
    }
}
