package kvs.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import kvs.core.Limits;
import kvs.core.Property;
import kvs.core.clock.VectorClock;

/**
 * Random field values in every peer message type, as requests from a peer and as answers to a call
 * the replica is waiting for: never a throw, and a refused request (or an ignored answer) changes
 * nothing. The simulator's hostile fault does the same inside faulty runs; this drives the answers
 * too, which the simulator cannot forge.
 */
class PeerMessageFuzzTest {
    static final String A = "10.0.0.1:8090", B = "10.0.0.2:8090", C = "10.0.0.3:8090";
    static final List<String> VIEW = List.of(A, B, C);
    static final long MAX = Limits.defaults().counterMax();
    static final long[] COUNTERS = {-1, 0, 1, 2, 3, 7, 1L << 40, MAX, MAX + 1, Long.MAX_VALUE, Long.MIN_VALUE};
    static final String[] ADDRESSES = {A, B, C, "10.0.0.9:8090", "", "x", "10.0.0.1:0", "a:99999", "\u0000:1", "b:1#1"};
    static final String[] KEYS = {"k", "", "k".repeat(51), "\ud800", "sync", "\u00e9"};
    static final String[] VALUES = {"1", "\"s\"", "{\"a\":[1,2.5e3,null]}", "}{", "1 x", "\"\ud800\"", "[", "-0.0e+1", "true "};

    TestNet cluster() {
        TestNet net = new TestNet();
        for (String address : VIEW) net.start(address, VIEW);
        net.deliverAll();
        net.put(A, "k", "1", VectorClock.EMPTY);
        net.put(B, "j", "2", VectorClock.EMPTY);
        net.deliverAll();
        return net;
    }

    @Test
    void randomRequestsNeverThrowAndRefusedOnesChangeNothing() {
        TestNet net = cluster();
        int[] refused = {0};
        Property.check("random peer requests", 3_000, r -> {
            Replica a = net.replicas.get(A);
            String before = a.stateDump(true);
            String from = r.nextInt(3) == 0 ? pick(r, ADDRESSES) : pick(r, new String[] {B, C});
            Message m = message(r, net);
            List<Effect> effects = a.handle(new Input.PeerRequest(net.now, 1, from, m));
            a.checkInvariants();
            Message answer = effects.stream().filter(e -> e instanceof Effect.PeerReply)
                    .map(e -> ((Effect.PeerReply) e).message()).findFirst().orElseThrow();
            if (answer instanceof Message.Refused) {
                refused[0]++;
                assertEquals(1, effects.size(), effects.toString());
                assertEquals(before, a.stateDump(true), "refused " + m + " from " + from);
            }
            net.inFlight.clear(); // what an accepted request set off is not followed here
        });
        assertTrue(refused[0] > 1_000, refused[0] + " refusals");
    }

    @Test
    void randomAnswersToAPendingCallNeverThrowAndInvalidOnesChangeNoData() {
        Property.check("random peer answers", 1_000, r -> {
            TestNet net = cluster();
            Replica a = net.replicas.get(A);
            net.put(A, "k", "3", VectorClock.EMPTY); // a replication batch to each peer
            net.now += 600;
            net.take(A, a.handle(new Input.Tick(net.now))); // and a state request to each
            List<TestNet.Pending> calls = new ArrayList<>();
            for (TestNet.Pending p : net.inFlight) if (p.from().equals(A)) calls.add(p);
            TestNet.Pending call = calls.get(r.nextInt(calls.size()));
            Message answer = answer(r, net);
            PeerMessageCheck check = new PeerMessageCheck(Limits.defaults(), a.writerId(), true);
            boolean invalid = (answer instanceof Message.ReplicateAck ack && check.replicateAck(ack).isPresent())
                    || (answer instanceof Message.SyncReply reply && check.syncReply(reply, lamport(a), a.applied()).isPresent());
            String before = a.stateDump(false);
            a.handle(new Input.CallSucceeded(net.now, call.call().callId(), answer));
            a.checkInvariants();
            if (invalid) assertEquals(before, a.stateDump(false), "ignored " + answer);
        });
    }

    static long lamport(Replica a) {
        String dump = a.stateDump(false);
        return Long.parseLong(dump.replaceAll("(?s).*\\nlamport (-?[0-9]+)\\n.*", "$1"));
    }

    static Message message(SplittableRandom r, TestNet net) {
        return switch (r.nextInt(10)) {
            case 0, 1, 2 -> new Message.Replicate(writer(r), writes(r, net), stamp(r, net));
            case 3 -> new Message.SyncRequest(clock(r), stamp(r, net));
            case 4 -> new Message.Ping(stamp(r, net));
            case 5 -> new Message.ViewAdd(pick(r, ADDRESSES), stamp(r, net));
            case 6 -> new Message.ViewRemove(pick(r, ADDRESSES), stamp(r, net));
            default -> answer(r, net);
        };
    }

    static Message answer(SplittableRandom r, TestNet net) {
        return switch (r.nextInt(6)) {
            case 0, 1 -> new Message.ReplicateAck(r.nextBoolean() ? net.replicas.get(A).writerId() : writer(r), pick(r, COUNTERS));
            case 2, 3 -> {
                List<Version> versions = writes(r, net);
                VectorClock applied = clock(r);
                for (Version v : versions) applied = applied.merge(v.deps());
                yield new Message.SyncReply(r.nextBoolean() ? versions : List.of(), r.nextInt(4) == 0 ? clock(r) : applied,
                        pick(r, COUNTERS), r.nextInt(4) > 0);
            }
            case 4 -> new Message.Pong();
            default -> new Message.Refused(Message.Refusal.values()[r.nextInt(3)], "x");
        };
    }

    /** Up to three writes of one writer in sequence, with random keys, values, Lamport and deps. */
    static List<Version> writes(SplittableRandom r, TestNet net) {
        String origin = r.nextInt(4) > 0 ? net.replicas.get(B).writerId() : writer(r);
        List<Version> writes = new ArrayList<>();
        long seq = 1 + r.nextInt(3);
        for (int i = 0; i < r.nextInt(4); i++, seq++) {
            TreeMap<String, Long> deps = new TreeMap<>(clock(r).toMap());
            deps.put(origin, seq);
            long lamport = Math.max(1, pick(r, COUNTERS));
            writes.add(r.nextInt(5) == 0
                    ? Version.tombstone(pick(r, KEYS), new WriteId(origin, seq), lamport, VectorClock.of(deps))
                    : Version.value(pick(r, KEYS), new WriteId(origin, seq), lamport, VectorClock.of(deps), pick(r, VALUES)));
        }
        return writes;
    }

    static VectorClock clock(SplittableRandom r) {
        TreeMap<String, Long> entries = new TreeMap<>();
        for (int i = 0; i < r.nextInt(3); i++) entries.put(writer(r), Math.max(0, pick(r, COUNTERS)));
        return VectorClock.of(entries);
    }

    static String writer(SplittableRandom r) {
        return pick(r, ADDRESSES) + "#" + (r.nextBoolean() ? "1" : pick(r, new String[] {"", "Z", "zzzzzzzzzzzzzz", "2"}));
    }

    static LinkStamp stamp(SplittableRandom r, TestNet net) {
        if (r.nextBoolean()) return TestNet.stampAccepted(net.replicas.get(A), B);
        return new LinkStamp(pick(r, COUNTERS), pick(r, COUNTERS), pick(r, COUNTERS), pick(r, COUNTERS));
    }

    static long pick(SplittableRandom r, long[] values) {
        return values[r.nextInt(values.length)];
    }

    static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
