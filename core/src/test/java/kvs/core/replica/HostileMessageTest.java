package kvs.core.replica;

import static kvs.core.replica.TestNet.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import kvs.core.Limits;
import kvs.core.clock.VectorClock;

/**
 * Every field of every peer message is validated before it changes anything: an invalid message
 * is refused (an answer, never a throw) and leaves the replica exactly as it was.
 */
class HostileMessageTest {
    static final String A = "10.0.0.1:8090", B = "10.0.0.2:8090", C = "10.0.0.3:8090";
    static final List<String> VIEW = List.of(A, B, C);

    TestNet cluster() {
        TestNet net = new TestNet();
        for (String address : VIEW) net.start(address, VIEW);
        net.deliverAll();
        return net;
    }

    /** Sends {@code message} from {@code from} to {@code to}; asserts it is refused as invalid and changed nothing. */
    static Message.Refused refusedAndNothingChanged(TestNet net, String to, String from, Message message) {
        Replica replica = net.replicas.get(to);
        String before = replica.stateDump(true);
        List<Effect> effects = replica.handle(new Input.PeerRequest(net.now, 7_000, from, message));
        assertEquals(1, effects.size(), "one answer and nothing else: " + effects);
        Message answer = ((Effect.PeerReply) effects.get(0)).message();
        Message.Refused refused = assertInstanceOf(Message.Refused.class, answer);
        assertEquals(Message.Refusal.INVALID, refused.reason(), refused.detail());
        assertEquals(before, replica.stateDump(true));
        replica.checkInvariants();
        return refused;
    }

    static Message.Replicate replicateFromB(TestNet net, Version... writes) {
        String origin = net.replicas.get(B).writerId();
        return new Message.Replicate(origin, List.of(writes), TestNet.stampAccepted(net.replicas.get(A), B));
    }

    static Version write(String origin, long seq, long lamport, String key, String valueJson) {
        return Version.value(key, new WriteId(origin, seq), lamport, VectorClock.single(origin, seq), valueJson);
    }

    @Test
    void aReplicateWithLamportAtLongMaxIsRefusedAndEveryLaterWriteStillWorks() {
        TestNet net = cluster();
        String origin = net.replicas.get(B).writerId();
        Message.Refused refused = refusedAndNothingChanged(net, A, B,
                replicateFromB(net, write(origin, 1, Long.MAX_VALUE, "k", "1")));
        assertTrue(refused.detail().contains("lamport"), refused.detail());
        Reply put = net.put(A, "k", "2", VectorClock.EMPTY);
        assertEquals(201, put.status());
        net.deliverAll();
        for (String r : VIEW) assertEquals(new Reply.Found("2", metadata(put)), net.get(r, "k", metadata(put)));
    }

    @Test
    void aStateAnswerWithLamportAtLongMaxIsIgnoredAndWritesStillWork() {
        TestNet net = cluster();
        Replica a = net.replicas.get(A);
        net.now += 600;
        net.take(A, a.handle(new Input.Tick(net.now))); // anti-entropy: A calls its peers for their state
        TestNet.Pending sync = net.inFlight.stream().filter(p -> p.from().equals(A)
                && p.call().message() instanceof Message.SyncRequest).findFirst().orElseThrow();
        net.inFlight.remove(sync);
        String before = a.stateDump(false);
        a.handle(new Input.CallSucceeded(net.now, sync.call().callId(),
                new Message.SyncReply(List.of(), VectorClock.EMPTY, Long.MAX_VALUE, true)));
        assertEquals(before, a.stateDump(false), "the answer's data changed nothing");
        assertEquals(201, net.put(A, "k", "1", VectorClock.EMPTY).status());
    }

    @Test
    void aLamportLeadingByMoreThanTheLimitIsRefusedAndALeadWithinItIsTaken() {
        TestNet net = cluster();
        String origin = net.replicas.get(B).writerId();
        long lead = Limits.defaults().lamportLeadMax();
        refusedAndNothingChanged(net, A, B, replicateFromB(net, write(origin, 1, lead + 1, "k", "1")));
        Message ok = ((Effect.PeerReply) net.replicas.get(A).handle(new Input.PeerRequest(net.now, 1, B,
                replicateFromB(net, write(origin, 1, lead, "k", "1")))).get(0)).message();
        assertEquals(new Message.ReplicateAck(origin, 1), ok);
    }

    @Test
    void everyMalformedFieldIsRefusedByName() {
        TestNet net = cluster();
        Replica a = net.replicas.get(A);
        String b = net.replicas.get(B).writerId();
        LinkStamp stamp = TestNet.stampAccepted(a, B);
        List<Message> bad = List.of(
                new Message.Replicate(a.writerId(), List.of(write(a.writerId(), 1, 1, "k", "1")), stamp), // our own id
                new Message.Replicate(net.replicas.get(C).writerId(), List.of(write(net.replicas.get(C).writerId(), 1, 1, "k", "1")), stamp),
                new Message.Replicate(b, List.of(), stamp),
                new Message.Replicate(b, List.of(write(b, 2, 1, "k", "1"), write(b, 1, 1, "j", "1")), stamp),
                new Message.Replicate(b, List.of(write(b, 1, 1, "", "1")), stamp),
                new Message.Replicate(b, List.of(write(b, 1, 1, "k".repeat(51), "1")), stamp),
                new Message.Replicate(b, List.of(write(b, 1, 1, "\ud800", "1")), stamp),
                new Message.Replicate(b, List.of(write(b, 1, 1, "k", "{\"a\":1} xyz")), stamp),
                new Message.Replicate(b, List.of(write(b, 1, 1, "k", "\"\ud800\"")), stamp),
                new Message.Replicate(b, List.of(write(b, 1, 1, "k", "[".repeat(2_000) + "]".repeat(2_000))), stamp),
                new Message.Replicate(b, List.of(write(b, 1L << 61, 1, "k", "1")), stamp),
                new Message.Replicate(b, List.of(Version.value("k", new WriteId(b, 1), 1,
                        VectorClock.of(java.util.Map.of(b, 1L, "no-hash", 3L)), "1")), stamp),
                new Message.Replicate("not a writer", List.of(), stamp),
                new Message.Replicate(b, List.of(write(b, 1, 1, "k", "1")), new LinkStamp(-1, 1, 1, 1)),
                new Message.SyncRequest(VectorClock.single("x#1", 1), stamp),
                new Message.Ping(new LinkStamp(1, Long.MAX_VALUE, 0, 0)),
                new Message.ViewAdd("not an address", stamp),
                new Message.ViewRemove("10.0.0.9:99999", stamp),
                new Message.Pong(), new Message.Ack(), new Message.ReplicateAck(b, 1),
                new Message.SyncReply(List.of(), VectorClock.EMPTY, 1, true),
                new Message.Refused(Message.Refusal.INVALID, "x"));
        for (Message m : bad) refusedAndNothingChanged(net, A, B, m);
        refusedAndNothingChanged(net, A, "bogus sender", new Message.Ping(stamp));
    }

    @Test
    void aStateAnswerThatClaimsWritesOfOursWeNeverMadeIsIgnored() {
        TestNet net = cluster();
        Replica a = net.replicas.get(A);
        Reply put = net.put(A, "k", "1", VectorClock.EMPTY);
        net.deliverAll();
        PeerMessageCheck check = new PeerMessageCheck(Limits.defaults(), a.writerId(), true);
        VectorClock claims = a.applied().with(a.writerId(), 5);
        assertTrue(check.syncReply(new Message.SyncReply(List.of(), claims, 1, true), 1, a.applied()).isPresent());
        Version uncovered = write(net.replicas.get(B).writerId(), 9, 1, "j", "1");
        assertTrue(check.syncReply(new Message.SyncReply(List.of(uncovered), metadata(put), 1, true), 1, a.applied())
                .isPresent(), "a version its applied clock does not cover");
        assertTrue(check.replicateAck(new Message.ReplicateAck(a.writerId(), -1)).isPresent(), "a negative ack");
        assertTrue(check.replicateAck(new Message.ReplicateAck("nobody", 1)).isPresent(), "an ack for no writer");
    }

    @Test
    void aStateAnswerWithOneWriteUnderTwoKeysIsIgnoredAndTheStoreStaysWhole() {
        TestNet net = cluster();
        Replica a = net.replicas.get(A);
        net.put(B, "k", "1", VectorClock.EMPTY);
        net.deliverAll();
        net.now += 600;
        net.take(A, a.handle(new Input.Tick(net.now)));
        TestNet.Pending sync = net.inFlight.stream().filter(p -> p.from().equals(A)
                && p.call().message() instanceof Message.SyncRequest).findFirst().orElseThrow();
        net.inFlight.remove(sync);
        Version stored = a.version("k").orElseThrow();
        Version sameIdOtherKey = new Version("other", stored.id(), stored.lamport(), stored.deps(), false, "2");
        String before = a.stateDump(false);
        a.handle(new Input.CallSucceeded(net.now, sync.call().callId(),
                new Message.SyncReply(List.of(sameIdOtherKey), a.applied(), stored.lamport(), true)));
        a.checkInvariants();
        assertEquals(before, a.stateDump(false));
        assertTrue(a.version("other").isEmpty());
    }

    @Test
    void atTheCounterBoundWritesAreRefusedWith507AndNothingWraps() {
        Limits small = withCounterMax(Limits.defaults(), 60, 50);
        Replica a = new Replica(new ReplicaConfig(A, List.of(A, B), 1, small, Set.of()));
        a.handle(new Input.Start(0));
        String origin = B + "#1";
        LinkStamp stamp = new LinkStamp(1, 1, 1, a.stampFor(B).epoch());
        Message answer = ((Effect.PeerReply) a.handle(new Input.PeerRequest(1, 1, B, new Message.Replicate(origin,
                List.of(write(origin, 1, 50, "k", "1")), stamp))).get(0)).message();
        assertEquals(new Message.ReplicateAck(origin, 1), answer);
        int created = 0;
        Reply last = null;
        for (int i = 0; i < 20; i++) {
            last = clientReply(a, 100 + i, ClientOp.Put.of("k" + i, Optional.of("1"), VectorClock.EMPTY));
            if (last.status() == 201) created++;
        }
        assertEquals(10, created, "writes 51..60 fit under the bound");
        assertEquals(507, last.status());
        a.checkInvariants();
        assertEquals(200, clientReply(a, 200, new ClientOp.Get("k0", VectorClock.EMPTY)).status(), "reads go on");
    }

    static Reply clientReply(Replica r, long id, ClientOp op) {
        for (Effect e : r.handle(new Input.ClientRequest(1, id, op))) {
            if (e instanceof Effect.ClientReply reply) return reply.reply();
        }
        throw new AssertionError("no reply");
    }

    static Limits withCounterMax(Limits l, long counterMax, long leadMax) {
        return new Limits(l.keyLengthMax(), l.peerConnectTimeoutMillis(), l.peerTimeoutMillis(), l.tickIntervalMillis(),
                l.antiEntropyIntervalMillis(), l.probeIntervalMillis(), l.readmitAfterMillis(), l.replicationRetryMillis(),
                l.replicationBatchWritesMax(), l.outboxWritesMax(), l.causalBufferWritesMax(), l.syncVersionsMax(),
                l.syncPageBytesMax(), l.syncScanKeysMax(), l.replicationBatchBytesMax(),
                l.knownAddressesMax(), l.pendingCallsMax(), l.clientBodyBytesMax(), l.peerBodyBytesMax(),
                l.bodiesInFlightBytesMax(), l.requestParseTimeoutMillis(), l.bodyReadTimeoutMillis(),
                l.idleConnectionTimeoutMillis(), l.signatureWindowMillis(), l.nonceCacheEntriesMax(), counterMax,
                leadMax, l.clockEntriesMax(), l.addressLengthMax(), l.valueDepthMax(), l.joinGraceMillis(),
                l.unreachedForgetMillis(), l.probeBackoffMaxMillis(), l.unansweredAddressesMax());
    }
}
