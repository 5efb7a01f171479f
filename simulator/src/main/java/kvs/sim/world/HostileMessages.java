package kvs.sim.world;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import kvs.core.Limits;
import kvs.core.clock.VectorClock;
import kvs.core.replica.LinkStamp;
import kvs.core.replica.Message;
import kvs.core.replica.Version;
import kvs.core.replica.WriteId;

/**
 * Hostile peer requests, drawn from one seeded stream, for the {@link Fault#HOSTILE} fault: either a
 * real message just sent on the simulated network, replayed from its real sender with one field
 * set to a value no correct replica sends (out of range, malformed, the wrong shape), or a message
 * of any type with random fields from an address outside the cluster. Every one of them must be
 * refused and change nothing; which field was spoiled is said in {@link Injection#what}.
 */
final class HostileMessages {
    /** One hostile request: who it claims to come from, the message, and what makes it hostile. */
    record Injection(String from, Message message, String what) {}

    private static final int RECENT_MAX = 32;
    private static final long COUNTER_MAX = Limits.defaults().counterMax();
    private static final String[] BAD_ADDRESSES = {"", "no-port", "10.0.0.1:0", "10.0.0.1:99999", "10.0.0.1:-1", ":8090",
        "10.0.0.1:8090#1", "x".repeat(300) + ":1", "a b:1", "\u0000:1", "\u00e9t\u00e9:1", "10.0.0.1:8090:1"};
    private static final String[] BAD_WRITERS = {"x", "10.0.0.1:8090", "10.0.0.1:8090#", "10.0.0.1:8090#UP", "a:0#1", "#1",
        "10.0.0.1:8090#" + "z".repeat(20)};
    private static final long[] BAD_COUNTERS = {-1, Long.MIN_VALUE, Long.MAX_VALUE, COUNTER_MAX + 1};
    private static final String[] BAD_KEYS = {"", "k".repeat(51), "\ud800", "a\udc00b", "\udbff"};
    private static final String[] BAD_VALUES = {"}{", "1 x", "{\"a\":1} xyz", "\"\ud800\"", "[".repeat(1_001) + "]".repeat(1_001),
        "01", "tru", "\"unterminated", "NaN", "{\"a\" 1}", "[1,]", "\"tab\there\"", "-", "1e", "{\"k\":}"};

    private final SplittableRandom rng;
    private final ArrayDeque<Recent> recent = new ArrayDeque<>();

    private record Recent(String from, Message message) {}

    HostileMessages(SplittableRandom rng) {
        this.rng = rng;
    }

    /** Remembers a request a replica just sent, as a template for mutations. */
    void saw(String from, Message request) {
        if (recent.size() == RECENT_MAX) recent.pollFirst();
        recent.addLast(new Recent(from, request));
    }

    /** The next hostile request for the replica at {@code target}; {@code members} are the cluster's addresses. */
    Injection next(String target, List<String> members) {
        List<Recent> templates = new ArrayList<>();
        for (Recent r : recent) {
            if (r.from.equals(target)) continue;
            templates.add(r);
        }
        if (!templates.isEmpty() && rng.nextInt(3) > 0) {
            Recent template = templates.get(rng.nextInt(templates.size()));
            return mutate(template.from, template.message);
        }
        return stranger(members);
    }

    // ---------------------------------------------------------------- one spoiled field of a real message

    private Injection mutate(String from, Message m) {
        if (rng.nextInt(10) == 0) return new Injection(pick(BAD_ADDRESSES), m, "sender address");
        if (m instanceof Message.Ping p) return new Injection(from, new Message.Ping(badStamp(p.stamp())), "ping stamp");
        if (m instanceof Message.SyncRequest s) {
            return rng.nextBoolean()
                    ? new Injection(from, new Message.SyncRequest(s.applied(), badStamp(s.stamp())), "sync stamp")
                    : new Injection(from, new Message.SyncRequest(badClock(s.applied()), s.stamp()), "sync clock");
        }
        if (m instanceof Message.ViewAdd v) {
            return rng.nextBoolean()
                    ? new Injection(from, new Message.ViewAdd(v.address(), badStamp(v.stamp())), "view-add stamp")
                    : new Injection(from, new Message.ViewAdd(pick(BAD_ADDRESSES), v.stamp()), "view-add address");
        }
        if (m instanceof Message.ViewRemove v) {
            return rng.nextBoolean()
                    ? new Injection(from, new Message.ViewRemove(v.address(), badStamp(v.stamp())), "view-remove stamp")
                    : new Injection(from, new Message.ViewRemove(pick(BAD_ADDRESSES), v.stamp()), "view-remove address");
        }
        if (m instanceof Message.Replicate r) return mutateReplicate(from, r);
        return answerAsRequest(from);
    }

    private Injection mutateReplicate(String from, Message.Replicate r) {
        Version first = r.writes().get(0);
        switch (rng.nextInt(8)) {
            case 0:
                return new Injection(from, new Message.Replicate(r.origin(), r.writes(), badStamp(r.stamp())), "replicate stamp");
            case 1: {
                String origin = pick(BAD_WRITERS);
                return new Injection(from, new Message.Replicate(origin, List.of(rewrite(first, origin, first.id().seq())), r.stamp()),
                        "replicate origin " + origin);
            }
            case 2:
                return new Injection(from, new Message.Replicate(r.origin(), List.of(), r.stamp()), "empty batch");
            case 3:
                return new Injection(from, new Message.Replicate(r.origin(), List.of(first, first), r.stamp()), "batch out of order");
            case 4: {
                long seq = COUNTER_MAX + 1 + rng.nextInt(1_000);
                return new Injection(from, new Message.Replicate(r.origin(), List.of(rewrite(first, r.origin(), seq)), r.stamp()),
                        "sequence number " + seq);
            }
            case 5: {
                long lamport = rng.nextBoolean() ? Long.MAX_VALUE : COUNTER_MAX + 1;
                Version v = new Version(first.key(), first.id(), lamport, first.deps(), first.tombstone(), first.valueJson());
                return new Injection(from, new Message.Replicate(r.origin(), List.of(v), r.stamp()), "lamport " + lamport);
            }
            case 6: {
                String key = pick(BAD_KEYS);
                Version v = new Version(key, first.id(), first.lamport(), first.deps(), first.tombstone(), first.valueJson());
                return new Injection(from, new Message.Replicate(r.origin(), List.of(v), r.stamp()), "key");
            }
            default: {
                if (rng.nextBoolean()) {
                    Version v = Version.value(first.key(), first.id(), first.lamport(), first.deps(), pick(BAD_VALUES));
                    return new Injection(from, new Message.Replicate(r.origin(), List.of(v), r.stamp()), "value");
                }
                Version v = new Version(first.key(), first.id(), first.lamport(), badClock(first.deps()), first.tombstone(),
                        first.valueJson());
                return new Injection(from, new Message.Replicate(r.origin(), List.of(v), r.stamp()), "deps");
            }
        }
    }

    /** {@code v} as a write of {@code origin} number {@code seq}, its deps made to agree. */
    private static Version rewrite(Version v, String origin, long seq) {
        TreeMap<String, Long> deps = new TreeMap<>(v.deps().toMap());
        deps.remove(v.id().origin());
        deps.put(origin, seq);
        return new Version(v.key(), new WriteId(origin, seq), v.lamport(), VectorClock.of(deps), v.tombstone(), v.valueJson());
    }

    private LinkStamp badStamp(LinkStamp s) {
        long bad = BAD_COUNTERS[rng.nextInt(BAD_COUNTERS.length)];
        return switch (rng.nextInt(4)) {
            case 0 -> new LinkStamp(bad, s.epoch(), s.peerIncarnation(), s.peerEpoch());
            case 1 -> new LinkStamp(s.incarnation(), bad, s.peerIncarnation(), s.peerEpoch());
            case 2 -> new LinkStamp(s.incarnation(), s.epoch(), bad, s.peerEpoch());
            default -> new LinkStamp(s.incarnation(), s.epoch(), s.peerIncarnation(), bad);
        };
    }

    /** {@code clock} plus an entry that no replica would write: a malformed writer id, or a count out of range. */
    private VectorClock badClock(VectorClock clock) {
        TreeMap<String, Long> entries = new TreeMap<>(clock.toMap());
        if (rng.nextBoolean()) {
            entries.put(pick(BAD_WRITERS), 1L);
        } else {
            entries.put("10.0.0.250:8090#" + Long.toString(1 + rng.nextInt(1_000), 36), COUNTER_MAX + 1 + rng.nextInt(1_000));
        }
        return VectorClock.of(entries);
    }

    private Injection answerAsRequest(String from) {
        Message answer = switch (rng.nextInt(5)) {
            case 0 -> new Message.Pong();
            case 1 -> new Message.Ack();
            case 2 -> new Message.ReplicateAck(from + "#1", rng.nextLong());
            case 3 -> new Message.SyncReply(List.of(), VectorClock.EMPTY, rng.nextLong(), rng.nextBoolean());
            default -> new Message.Refused(Message.Refusal.values()[rng.nextInt(3)], "x".repeat(rng.nextInt(100)));
        };
        return new Injection(from, answer, "an answer sent as a request");
    }

    // ---------------------------------------------------------------- random messages from outside the cluster

    private Injection stranger(List<String> members) {
        String from = "10.66." + rng.nextInt(256) + "." + (1 + rng.nextInt(254)) + ":" + (1 + rng.nextInt(65_535));
        String writer = from + "#" + Long.toString(rng.nextLong(1, COUNTER_MAX), 36);
        String member = members.get(rng.nextInt(members.size()));
        LinkStamp stamp = randomStamp();
        return switch (rng.nextInt(7)) {
            case 0 -> {
                List<Version> writes = new ArrayList<>();
                int n = 1 + rng.nextInt(4);
                for (int i = 1; i <= n; i++) {
                    long seq = i;
                    writes.add(Version.value("k" + rng.nextInt(5), new WriteId(writer, seq), 1 + rng.nextLong(COUNTER_MAX),
                            VectorClock.single(writer, seq), "\"forged\""));
                }
                yield new Injection(from, new Message.Replicate(writer, writes, stamp), "writes from outside the view");
            }
            case 1 -> new Injection(from, new Message.ViewRemove(member, stamp), "a view removal from outside the view");
            case 2 -> new Injection(from, new Message.ViewAdd(member, stamp), "a view addition of another from outside the view");
            case 3 -> new Injection(from, new Message.Ping(badStamp(stamp)), "a ping with a spoiled stamp");
            case 4 -> new Injection(from, new Message.SyncRequest(badClock(VectorClock.EMPTY), stamp), "a sync with a spoiled clock");
            case 5 -> new Injection(from, new Message.ViewAdd(pick(BAD_ADDRESSES), stamp), "a view addition of no address");
            default -> answerAsRequest(from);
        };
    }

    private LinkStamp randomStamp() {
        return new LinkStamp(rng.nextLong(0, COUNTER_MAX), rng.nextLong(0, COUNTER_MAX), rng.nextLong(0, COUNTER_MAX),
                rng.nextLong(0, COUNTER_MAX));
    }

    private String pick(String[] values) {
        return values[rng.nextInt(values.length)];
    }
}
