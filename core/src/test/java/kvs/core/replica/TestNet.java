package kvs.core.replica;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import kvs.core.Limits;
import kvs.core.clock.VectorClock;

/**
 * A hand-cranked network for unit tests: replicas by address, calls queued until the test
 * delivers them. Down addresses refuse calls; cut links time out. Invariants are checked after
 * every step.
 */
final class TestNet {
    record Pending(String from, Effect.Call call) {}

    final TreeMap<String, Replica> replicas = new TreeMap<>();
    final Deque<Pending> inFlight = new ArrayDeque<>();
    final TreeSet<String> cut = new TreeSet<>(); // "a|b" for both directions
    final List<String> logs = new ArrayList<>();
    /** How many calls of each message type the replicas made. */
    final TreeMap<String, Integer> callsByType = new TreeMap<>();
    long now;
    /** The limits of replicas started from now on. */
    Limits limits = Limits.defaults();
    private long requestIds;
    private long incarnations;

    Replica start(String address, List<String> view) {
        return start(address, view, EnumSet.noneOf(Bug.class));
    }

    Replica start(String address, List<String> view, Set<Bug> bugs) {
        Replica replica = new Replica(new ReplicaConfig(address, view, ++incarnations, limits, bugs));
        replicas.put(address, replica);
        take(address, replica.handle(new Input.Start(now)));
        return replica;
    }

    void crash(String address) {
        replicas.remove(address);
    }

    void cut(String a, String b) {
        cut.add(a + "|" + b);
        cut.add(b + "|" + a);
    }

    void heal() {
        cut.clear();
    }

    Reply client(String address, ClientOp op) {
        long id = ++requestIds;
        List<Effect> effects = replicas.get(address).handle(new Input.ClientRequest(now, id, op));
        Reply reply = null;
        for (Effect e : effects) {
            if (e instanceof Effect.ClientReply r && r.requestId() == id) reply = r.reply();
        }
        take(address, effects);
        if (reply == null) throw new AssertionError("no reply from " + address);
        return reply;
    }

    Reply put(String address, String key, String valueJson, VectorClock metadata) {
        return client(address, ClientOp.Put.of(key, Optional.of(valueJson), metadata));
    }

    Reply get(String address, String key, VectorClock metadata) {
        return client(address, new ClientOp.Get(key, metadata));
    }

    /** Every write each replica accepted from a client, recorded as it was first sent to a peer. */
    final TreeMap<String, TreeMap<Long, Version>> accepted = new TreeMap<>();

    List<Version> writesAcceptedBy(String address) {
        return new ArrayList<>(accepted.getOrDefault(address, new TreeMap<>()).values());
    }

    void take(String from, List<Effect> effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.Call call) inFlight.addLast(new Pending(from, call));
            if (e instanceof Effect.Call call) callsByType.merge(call.message().getClass().getSimpleName(), 1, Integer::sum);
            if (e instanceof Effect.Call call && call.message() instanceof Message.Replicate r) {
                for (Version v : r.writes()) accepted.computeIfAbsent(from, k -> new TreeMap<>()).put(v.id().seq(), v);
            }
            if (e instanceof Effect.Log log) logs.add(from + ": " + log.line());
        }
        Replica replica = replicas.get(from);
        if (replica != null) replica.checkInvariants();
    }

    /** Delivers queued calls (and the calls they cause) until none is left or {@code steps} ran out. */
    void deliverAll() {
        deliverWhile(p -> true, 100_000);
    }

    void deliverWhile(Predicate<Pending> which, int steps) {
        int n = 0;
        while (!inFlight.isEmpty() && n++ < steps) {
            Pending p = inFlight.pollFirst();
            if (!which.test(p)) continue;
            deliver(p);
        }
    }

    void deliver(Pending p) {
        Replica caller = replicas.get(p.from());
        if (caller == null) return; // the caller crashed meanwhile
        Replica callee = replicas.get(p.call().peer());
        if (callee == null) {
            take(p.from(), caller.handle(new Input.CallFailed(now, p.call().callId(), "refused")));
            return;
        }
        if (cut.contains(p.from() + "|" + p.call().peer())) {
            take(p.from(), caller.handle(new Input.CallFailed(now, p.call().callId(), "timeout")));
            return;
        }
        long id = ++requestIds;
        List<Effect> effects = callee.handle(new Input.PeerRequest(now, id, p.from(), p.call().message()));
        Message answer = null;
        for (Effect e : effects) {
            if (e instanceof Effect.PeerReply r && r.requestId() == id) answer = r.message();
        }
        take(p.call().peer(), effects);
        take(p.from(), caller.handle(new Input.CallSucceeded(now, p.call().callId(), answer)));
    }

    /**
     * Takes the first queued call that matches out of the network and lets its caller time out, as
     * if the request were stuck in TCP retransmission; the request itself can arrive later
     * ({@link #arriveLate}).
     */
    Pending holdAndTimeOut(Predicate<Pending> which) {
        Pending held = inFlight.stream().filter(which).findFirst().orElseThrow(() -> new AssertionError("no such call"));
        inFlight.remove(held);
        Replica caller = replicas.get(held.from());
        take(held.from(), caller.handle(new Input.CallFailed(now, held.call().callId(), "timeout")));
        return held;
    }

    /** Delivers a held request to its callee now; the answer goes nowhere (its caller gave up). */
    Message arriveLate(Pending held) {
        long id = ++requestIds;
        List<Effect> effects = replicas.get(held.call().peer()).handle(
                new Input.PeerRequest(now, id, held.from(), held.call().message()));
        take(held.call().peer(), effects);
        for (Effect e : effects) {
            if (e instanceof Effect.PeerReply r && r.requestId() == id) return r.message();
        }
        throw new AssertionError("no answer to a late request");
    }

    /** Advances time in ticks of 100 ms, delivering everything after each tick. */
    void run(long millis) {
        long end = now + millis;
        while (now < end) {
            now += 100;
            for (String address : new ArrayList<>(replicas.keySet())) {
                Replica r = replicas.get(address);
                if (r != null) take(address, r.handle(new Input.Tick(now)));
            }
            deliverAll();
        }
    }

    /** A stamp that {@code receiver} accepts from {@code sender} now: it echoes the receiver's current link. */
    static LinkStamp stampAccepted(Replica receiver, String sender) {
        LinkStamp mine = receiver.stampFor(sender);
        return new LinkStamp(Math.max(1, mine.peerIncarnation()), Math.max(1, mine.peerEpoch()), mine.incarnation(),
                mine.epoch());
    }

    static VectorClock metadata(Reply reply) {
        if (reply instanceof Reply.Result r) return r.metadata().orElseThrow();
        if (reply instanceof Reply.Found f) return f.metadata();
        if (reply instanceof Reply.Error e) return e.metadata().orElseThrow();
        throw new AssertionError("no metadata in " + reply);
    }
}
