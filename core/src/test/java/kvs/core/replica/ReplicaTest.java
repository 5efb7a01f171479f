package kvs.core.replica;

import static kvs.core.replica.TestNet.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import kvs.core.clock.VectorClock;

class ReplicaTest {
    static final String A = "10.0.0.1:8090", B = "10.0.0.2:8090", C = "10.0.0.3:8090";
    static final List<String> VIEW = List.of(A, B, C);

    TestNet cluster() {
        TestNet net = new TestNet();
        for (String address : VIEW) net.start(address, VIEW);
        net.deliverAll();
        return net;
    }

    @Test
    void putCreatesThenReplacesAndGetReturnsTheValueWithItsJsonType() {
        TestNet net = cluster();
        Reply created = net.put(A, "k", "{\"n\":[1,2]}", VectorClock.EMPTY);
        assertEquals(201, created.status());
        assertEquals("created", ((Reply.Result) created).result());
        Reply replaced = net.put(A, "k", "7", metadata(created));
        assertEquals(200, replaced.status());
        assertEquals("replaced", ((Reply.Result) replaced).result());
        Reply found = net.get(A, "k", metadata(replaced));
        assertEquals(new Reply.Found("7", metadata(replaced)), found);
    }

    @Test
    void badPutsAre400AndChangeNothing() {
        TestNet net = cluster();
        Reply noValue = net.client(A, ClientOp.Put.of("k", Optional.empty(), VectorClock.EMPTY));
        assertEquals(new Reply.Error(400, Reply.Messages.NO_VALUE, Optional.empty()), noValue);
        Reply tooLong = net.put(A, "k".repeat(51), "1", VectorClock.EMPTY);
        assertEquals(new Reply.Error(400, Reply.Messages.KEY_TOO_LONG, Optional.empty()), tooLong);
        assertEquals(201, net.put(A, "k".repeat(50), "1", VectorClock.EMPTY).status());
        assertEquals(1, net.replicas.get(A).applied().get(net.replicas.get(A).writerId()));
        assertTrue(net.inFlight.stream().allMatch(p -> p.call().message() instanceof Message.Replicate r && r.writes().size() == 1));
    }

    @Test
    void metadataAheadOfTheReplicaGets503OnEveryOperationAndOlderMetadataIsServed() {
        TestNet net = cluster();
        Reply first = net.put(A, "k", "1", VectorClock.EMPTY);
        net.inFlight.clear(); // the write never reaches B
        VectorClock ahead = metadata(first);
        Reply notSatisfied = new Reply.Error(503, Reply.Messages.NOT_SATISFIED, Optional.empty());
        assertEquals(notSatisfied, net.get(B, "k", ahead));
        assertEquals(notSatisfied, net.put(B, "other", "2", ahead));
        assertEquals(notSatisfied, net.client(B, new ClientOp.Delete("k", ahead)));
        assertEquals(404, net.get(B, "k", VectorClock.EMPTY).status());
        assertEquals(0, net.replicas.get(B).applied().size(), "a 503 changes nothing");
    }

    @Test
    void metadataIsPreciseTheWriteCoversOnlyTheClientsPastAndItself() {
        TestNet net = cluster();
        Reply atA = net.put(A, "a", "1", VectorClock.EMPTY);
        net.deliverAll();
        Reply atB = net.put(B, "b", "2", VectorClock.EMPTY); // a client that never saw a
        String writerB = net.replicas.get(B).writerId();
        assertEquals(VectorClock.single(writerB, 1), metadata(atB));
        Reply read = net.get(B, "a", metadata(atB));
        assertEquals(metadata(atA).merge(metadata(atB)), metadata(read));
    }

    @Test
    void aDependentWriteWaitsInTheBufferUntilItsCauseArrives() {
        TestNet net = cluster();
        Reply x = net.put(A, "x", "1", VectorClock.EMPTY);
        TestNet.Pending toC = net.inFlight.stream().filter(p -> p.call().peer().equals(C)).findFirst().orElseThrow();
        net.inFlight.remove(toC); // A's write to C is slow
        net.deliverAll();
        Reply readAtB = net.get(B, "x", VectorClock.EMPTY);
        Reply y = net.put(B, "y", "2", metadata(readAtB));
        net.deliverAll();
        Replica c = net.replicas.get(C);
        assertEquals(1, c.bufferedWrites(), "y waits for x");
        assertEquals(404, net.get(C, "y", VectorClock.EMPTY).status());
        net.deliver(toC);
        net.deliverAll();
        assertEquals(0, c.bufferedWrites());
        assertEquals(new Reply.Found("2", metadata(y)), net.get(C, "y", metadata(y)));
        assertEquals("1", ((Reply.Found) net.get(C, "x", VectorClock.EMPTY)).valueJson());
        assertTrue(metadata(x).leq(c.applied()));
    }

    @Test
    void deleteWritesATombstoneThat404sAndTravelsWithItsMetadata() {
        TestNet net = cluster();
        Reply put = net.put(A, "k", "1", VectorClock.EMPTY);
        Reply deleted = net.client(A, new ClientOp.Delete("k", metadata(put)));
        assertEquals(200, deleted.status());
        net.deliverAll();
        Reply gone = net.get(B, "k", metadata(deleted));
        assertEquals(404, gone.status());
        assertEquals(metadata(deleted), metadata(gone), "the 404 carries the delete's metadata out of band");
        Reply deleteAgain = net.client(B, new ClientOp.Delete("k", VectorClock.EMPTY));
        assertEquals(404, deleteAgain.status());
        assertEquals(metadata(deleted), metadata(deleteAgain));
        Reply neverWritten = net.client(B, new ClientOp.Delete("never", VectorClock.EMPTY));
        assertEquals(new Reply.Error(404, Reply.Messages.NO_SUCH_KEY, Optional.empty()), neverWritten);
        assertEquals(201, net.put(B, "k", "2", metadata(deleted)).status(), "a deleted key is created anew");
    }

    @Test
    void concurrentWritesToOneKeyConvergeToTheSameWinnerEverywhere() {
        TestNet net = cluster();
        net.put(A, "k", "\"from A\"", VectorClock.EMPTY);
        net.put(B, "k", "\"from B\"", VectorClock.EMPTY);
        net.put(C, "k", "\"from C\"", VectorClock.EMPTY);
        net.deliverAll();
        String winner = ((Reply.Found) net.get(A, "k", VectorClock.EMPTY)).valueJson();
        for (String r : VIEW) assertEquals(winner, ((Reply.Found) net.get(r, "k", VectorClock.EMPTY)).valueJson());
        assertTrue(net.replicas.get(A).counters().conflictsResolved() > 0 || net.replicas.get(B).counters().conflictsResolved() > 0);
    }

    @Test
    void aLocalWriteAlwaysWinsLocallySoAClientReadsItsOwnWrite() {
        TestNet net = cluster();
        Reply first = net.put(A, "k", "1", VectorClock.EMPTY);
        net.deliverAll();
        for (int i = 0; i < 5; i++) net.put(A, "other" + i, "0", VectorClock.EMPTY); // A's Lamport clock runs ahead
        net.deliverAll();
        Reply atC = net.put(C, "k", "2", VectorClock.EMPTY);
        assertEquals("2", ((Reply.Found) net.get(C, "k", metadata(atC))).valueJson());
        assertNotEquals(first, atC);
    }

    @Test
    void viewOperationsFollowTheApi() {
        TestNet net = cluster();
        assertEquals(new Reply.ViewList(VIEW), net.client(A, new ClientOp.ViewGet()));
        assertEquals(new Reply.Result(200, "already present", Optional.empty()), net.client(A, new ClientOp.ViewPut(B)));
        assertEquals(new Reply.Result(200, "deleted", Optional.empty()), net.client(A, new ClientOp.ViewDelete(B)));
        assertEquals(new Reply.Error(404, Reply.Messages.NO_SUCH_REPLICA, Optional.empty()), net.client(A, new ClientOp.ViewDelete(B)));
        assertEquals(new Reply.Result(201, "added", Optional.empty()), net.client(A, new ClientOp.ViewPut(B)));
        assertEquals(VIEW, net.replicas.get(A).view());
    }

    @Test
    void aCrashedPeerLeavesEveryViewAndTheOthersAreTold() {
        TestNet net = cluster();
        net.crash(C);
        net.put(A, "k", "1", VectorClock.EMPTY); // A's replication to C is refused
        net.deliverAll();
        assertEquals(List.of(A, B), net.replicas.get(A).view());
        assertEquals(List.of(A, B), net.replicas.get(B).view(), "A told B");
        assertEquals(List.of(C), net.replicas.get(A).probed());
    }

    @Test
    void aRestartedReplicaAnnouncesItselfCatchesUpAndUsesANewWriterId() {
        TestNet net = cluster();
        Reply put = net.put(C, "k", "1", VectorClock.EMPTY);
        net.deliverAll();
        Reply del = net.put(A, "gone", "1", metadata(put));
        del = net.client(A, new ClientOp.Delete("gone", metadata(del)));
        net.deliverAll();
        String oldWriter = net.replicas.get(C).writerId();
        net.crash(C);
        net.run(1_000);
        assertEquals(List.of(A, B), net.replicas.get(A).view());
        Replica c = net.start(C, VIEW);
        net.deliverAll();
        assertNotEquals(oldWriter, c.writerId());
        assertEquals(VIEW, net.replicas.get(A).view());
        assertEquals(VIEW, net.replicas.get(B).view());
        assertEquals(new Reply.Found("1", metadata(put)), net.get(C, "k", metadata(put)));
        assertEquals(404, net.get(C, "gone", metadata(del)).status(), "the tombstone came with the state");
        Reply next = net.put(C, "k", "2", metadata(del));
        assertEquals(1, metadata(next).get(c.writerId()));
    }

    @Test
    void aPartitionedReplicaIsDroppedThenReadmittedAfterTwoSecondsOfHealthyProbes() {
        TestNet net = cluster();
        net.cut(A, C);
        net.cut(B, C);
        net.put(A, "k", "\"A side\"", VectorClock.EMPTY);
        Reply onC = net.put(C, "k2", "\"C side\"", VectorClock.EMPTY);
        net.run(500);
        assertEquals(List.of(A, B), net.replicas.get(A).view());
        assertEquals(List.of(C), net.replicas.get(C).view());
        assertEquals(503, net.get(A, "k2", metadata(onC)).status(), "A lacks C's write");
        net.heal();
        net.run(1_500);
        assertFalse(net.replicas.get(A).view().contains(C), "not before two seconds of healthy probes");
        net.run(1_500);
        for (String r : VIEW) assertEquals(VIEW, net.replicas.get(r).view(), r);
        for (String r : VIEW) {
            assertEquals("\"A side\"", ((Reply.Found) net.get(r, "k", VectorClock.EMPTY)).valueJson());
            assertEquals("\"C side\"", ((Reply.Found) net.get(r, "k2", metadata(onC))).valueJson());
        }
    }

    @Test
    void antiEntropyRepairsALostReplicationMessage() {
        TestNet net = cluster();
        Reply put = net.put(A, "k", "1", VectorClock.EMPTY);
        net.inFlight.removeIf(p -> p.call().peer().equals(B)); // lost in transit, but B is up
        net.deliverAll();
        assertEquals(503, net.get(B, "k", metadata(put)).status());
        net.run(1_000);
        assertEquals(new Reply.Found("1", metadata(put)), net.get(B, "k", metadata(put)));
        assertEquals(List.of(A, B, C), net.replicas.get(A).view());
    }

    @Test
    void replicationBatchesWritesWhileABatchIsInFlight() {
        TestNet net = cluster();
        for (int i = 0; i < 50; i++) net.put(A, "k" + i, Integer.toString(i), VectorClock.EMPTY);
        long toB = net.inFlight.stream().filter(p -> p.call().peer().equals(B) && p.call().message() instanceof Message.Replicate).count();
        assertEquals(1, toB, "one batch in flight per peer");
        net.deliverAll();
        assertEquals(0, net.replicas.get(A).outboxSize(B));
        assertEquals(50, net.replicas.get(B).snapshot().size());
    }

    @Test
    void aSyncNeverRevivesADeletedKey() {
        TestNet net = cluster();
        Reply put = net.put(A, "k", "1", VectorClock.EMPTY);
        net.deliverAll();
        Reply del = net.client(B, new ClientOp.Delete("k", metadata(put)));
        net.deliverAll();
        net.run(2_000);
        for (String r : VIEW) {
            assertTrue(net.replicas.get(r).version("k").orElseThrow().tombstone(), r);
            assertEquals(404, net.get(r, "k", metadata(del)).status());
        }
    }

    @Test
    void aReplicaRestartedWithTheReuseBugReusesWriteIds() {
        TestNet net = new TestNet();
        Replica a = net.start(A, List.of(A), EnumSet.of(Bug.REUSE_WRITE_IDS_AFTER_RESTART));
        String first = a.writerId();
        net.crash(A);
        assertEquals(first, net.start(A, List.of(A), EnumSet.of(Bug.REUSE_WRITE_IDS_AFTER_RESTART)).writerId());
        net.crash(A);
        assertNotEquals(first, net.start(A, List.of(A)).writerId());
    }

    @Test
    void aPeerRequestFromAnUnknownAddressIsProbedNotTrusted() {
        TestNet net = cluster();
        String d = "10.0.0.4:8090";
        List<Effect> effects = net.replicas.get(A).handle(new Input.PeerRequest(net.now, 99, d, new Message.Ping(new LinkStamp(1, 1, 0, 0))));
        assertInstanceOf(Effect.PeerReply.class, effects.get(0));
        assertEquals(List.of(d), net.replicas.get(A).probed());
        assertFalse(net.replicas.get(A).view().contains(d));
    }

    @Test
    void aRemovalOnAnotherReplicasWordJustAfterAnAnnouncementIsUndoneAtOnce() {
        TestNet net = cluster();
        net.client(A, new ClientOp.ViewPut(C)); // C (re)starts and announces itself
        net.take(A, net.replicas.get(A).handle(new Input.PeerRequest(net.now, 1000, B,
                new Message.ViewRemove(C, net.replicas.get(B).stampFor(A)))));
        assertFalse(net.replicas.get(A).view().contains(C), "B's older word is taken at once");
        net.run(300);
        assertEquals(VIEW, net.replicas.get(A).view(), "but C answers A's first probe, so it is back");
    }

    @Test
    void aRemovedReplicaThatIsAliveComesBackOnlyAfterTwoSecondsOfHealthyProbes() {
        TestNet net = cluster();
        net.run(2_500); // the announcements are old now
        net.client(A, new ClientOp.ViewDelete(C));
        net.run(1_500);
        assertFalse(net.replicas.get(A).view().contains(C));
        net.run(1_000);
        assertEquals(VIEW, net.replicas.get(A).view());
    }
}
