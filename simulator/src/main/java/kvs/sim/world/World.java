package kvs.sim.world;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import kvs.checker.history.FaultEvent;
import kvs.checker.history.HistoryEvent;
import kvs.core.Limits;
import kvs.core.clock.VectorClock;
import kvs.core.replica.ClientOp;
import kvs.core.replica.Counters;
import kvs.core.replica.Effect;
import kvs.core.replica.Input;
import kvs.core.replica.Message;
import kvs.core.replica.Replica;
import kvs.core.replica.ReplicaConfig;
import kvs.core.replica.Reply;
import kvs.core.replica.Version;
import kvs.core.replica.WriteId;

/**
 * A whole simulated cluster: the {@code core} replicas, a network, client sessions and a nemesis,
 * on one event queue in simulated time (microseconds), in one thread, from one seed.
 *
 * <h2>Theory of operation</h2>
 *
 * <p>Every replica is driven as the Undertow driver drives it: {@code Start} first, then a
 * {@code Tick} every {@code tickIntervalMillis}; a {@code Call} effect becomes a {@code PeerRequest}
 * at the peer after the link's delay, and the peer's {@code PeerReply} comes back as
 * {@code CallSucceeded} after the return delay. Every call has exactly one outcome: success, or
 * {@code CallFailed("refused")} about one link delay after it was sent when the peer is not
 * listening (down, or crashed while the request or its answer was on the wire), or
 * {@code CallFailed("timeout")} at {@code peerTimeoutMillis} when the request or the answer was
 * lost or partitioned away; a late or duplicate answer is dropped. After every input the world
 * runs the replica's invariant check; a throw ends the run as a replica failure.
 *
 * <p>Clients (see {@link ClientSession}) talk to replicas over short lossless links; a request to a
 * replica that is down fails at once ({@code fail}, refused), a request lost to a crash (the
 * replica crashed before it arrived, or before its answer arrived) ends as {@code info}.
 *
 * <p>When every client has run its operations, the world heals: partitions, slowness and loss end
 * and every crashed replica restarts. It then waits, up to the convergence bound, for quiescence
 * (every view exact, every outbox empty, equal applied clocks, and no buffered write that could
 * still be applied); then every
 * replica answers a GET of every key (final reads) and the run ends. A missed bound is a liveness
 * failure. Nothing here iterates a hash map: nodes live in a list, lookups by id only.
 */
public final class World {
    private static final long MILLI = 1_000;
    static final int JOINS_MAX = 2;
    static final int REMOVALS_MAX = 1;
    private static final long CHECK_EVERY_MICROS = 200 * MILLI;
    private static final long SIMULATED_MICROS_MAX = 24L * 3600 * 1_000_000;
    /** How long after a heal a request held by the partition may still arrive (TCP retransmission). */
    private static final long RETRANSMISSION_MICROS_MAX = 12_000 * MILLI;

    private final SimConfig config;
    private final Limits limits;
    private final EventQueue queue = new EventQueue();
    private final Network network;
    private final Trace trace;
    private final SplittableRandom nemesisRng;
    private final SplittableRandom hostileRng;
    /** The generator of hostile requests, when {@link Fault#HOSTILE} is on; null otherwise. */
    private final HostileMessages hostile;
    private long hostileRequestIds = -1;
    private final List<HistoryEvent> history = new ArrayList<>();
    /** The nemesis's faults as history lines (format 2), in the order they started or ended. */
    private final List<FaultEvent> faults = new ArrayList<>();
    /** Faults started and not yet ended, by id (ended at the latest by the heal). */
    private final java.util.TreeMap<Long, FaultEvent> openFaults = new java.util.TreeMap<>();
    private long faultIds;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Node> byAddress = new HashMap<>();
    private final List<ClientSession> clients = new ArrayList<>();
    private final TreeMap<String, Long> counts = new TreeMap<>();
    private final long[] replicaCounters = new long[COUNTER_NAMES.length];
    private final int capacity;

    private long now;
    private long messages;
    private long nextRequestId = 1;
    private int invocations;
    private final List<AckedWrite> acked = new ArrayList<>();
    private final List<Integer> writesLostInCrashes = new ArrayList<>();
    private int clientsDone;
    private int nemesisActions;
    private int joins;
    private int removals;
    private boolean partitioned;
    private long healedAtMicros = -1;
    private long quietSinceMicros = -1;
    private long convergedAfterMillis = -1;
    private Phase phase = Phase.WORKLOAD;
    private WorldResult.End end = WorldResult.End.COMPLETED;
    private String detail = "";

    private enum Phase { WORKLOAD, HEALING, DONE }

    private static final String[] COUNTER_NAMES = {
        "replica.writesAccepted", "replica.peerWritesApplied", "replica.writesBuffered", "replica.notSatisfiedAnswers",
        "replica.stateTransfers", "replica.conflictsResolved", "replica.peersDropped", "replica.readmissions",
        "replica.announcementsAccepted", "replica.outboxOverflows", "replica.bufferFullRejections", "replica.refusals",
        "replica.addressesForgotten"};

    /** A peer call in flight: exactly one of success, refused, timeout reaches the caller. */
    static final class Call {
        final Node caller;
        final int callerLife;
        final long callId;
        final Message message;
        final long deadlineMicros;
        boolean done;
        boolean timeoutArmed;

        Call(Node caller, long callId, Message message, long deadlineMicros) {
            this.caller = caller;
            this.callerLife = caller.life;
            this.callId = callId;
            this.message = message;
            this.deadlineMicros = deadlineMicros;
        }
    }

    /**
     * A request stuck behind a partition that TCP retransmission delivers after the heal: its caller
     * has timed out long before, so its answer goes nowhere, but the callee acts on it (or refuses it).
     */
    private record HeldRequest(Call call, Node callee, int calleeLife) {}

    private final List<HeldRequest> heldPastHeal = new ArrayList<>();

    /** Delivers every held request at a random time within {@code RETRANSMISSION_MICROS_MAX} of the heal. */
    private void releaseHeldRequests() {
        for (HeldRequest held : heldPastHeal) {
            queue.at(now + Streams.between(network.rng(), 1, RETRANSMISSION_MICROS_MAX), () -> {
                if (held.callee().life != held.calleeLife() || !held.callee().up()) return; // a new process: reset
                count("net.deliveredAfterHeal");
                if (trace.on()) trace.line(now, "net", "late delivery to " + held.callee().address + " from "
                        + held.call().caller.address);
                deliverRequest(held.call(), held.callee());
            });
        }
        heldPastHeal.clear();
    }

    /** One client request on its way (or a final read). */
    static final class ClientAttempt {
        final ClientSession client;
        final HistoryEvent invoke;
        final Node target;
        final int life;
        final int invokeIndex;
        /** The writer id of the replica incarnation that handled the request, once it has. */
        String writerId = "";

        ClientAttempt(ClientSession client, HistoryEvent invoke, Node target, int invokeIndex) {
            this.client = client;
            this.invoke = invoke;
            this.target = target;
            this.life = target.life;
            this.invokeIndex = invokeIndex;
        }
    }

    /** An acknowledged write: its operation's index in the history and its identity in the replicas. */
    private record AckedWrite(int invokeIndex, Node origin, String writerId, long seq) {}

    private void record(HistoryEvent event) {
        history.add(event);
        if (event.isInvoke()) invocations++;
    }

    /** A replica threw while handling an input. */
    static final class ReplicaFailure extends RuntimeException {
        ReplicaFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public World(SimConfig config, boolean traceOn) {
        this.config = config;
        this.limits = config.limits();
        this.capacity = config.replicas() + (config.faults().contains(Fault.JOIN) ? JOINS_MAX : 0);
        this.network = new Network(config, capacity);
        this.trace = new Trace(traceOn);
        this.nemesisRng = Streams.of(config.seed(), Streams.NEMESIS);
        this.hostileRng = Streams.of(config.seed(), Streams.HOSTILE);
        this.hostile = config.faults().contains(Fault.HOSTILE) ? new HostileMessages(hostileRng) : null;
    }

    // ---------------------------------------------------------------- the run

    public WorldResult run() {
        List<String> initialView = new ArrayList<>();
        for (int i = 0; i < config.replicas(); i++) {
            Node node = new Node(i, address(i));
            nodes.add(node);
            byAddress.put(node.address, node);
            initialView.add(node.address);
        }
        // Startup is a race: every replica starts within the first 50 ms, in a seeded order.
        for (Node node : nodes) {
            queue.at(Streams.between(nemesisRng, 0, 50 * MILLI), () -> startNode(node, initialView));
        }
        startClients();
        if (hasNemesisFaults()) queue.at(Streams.between(nemesisRng, 200 * MILLI, 1_500 * MILLI), this::nemesisStep);
        if (hostile != null) queue.at(Streams.between(hostileRng, 100 * MILLI, 300 * MILLI), this::hostileStep);
        try {
            while (phase != Phase.DONE && !queue.isEmpty()) {
                now = queue.peekTime();
                queue.poll().run();
                if (now > SIMULATED_MICROS_MAX) {
                    fail(WorldResult.End.LIVENESS, "the workload did not finish within " + SIMULATED_MICROS_MAX / 1_000_000 + " simulated s");
                }
            }
            if (phase != Phase.DONE) fail(WorldResult.End.LIVENESS, "the event queue ran dry before the run ended");
        } catch (ReplicaFailure e) {
            end = WorldResult.End.REPLICA_FAILURE;
            detail = e.getMessage() + ": " + e.getCause();
            trace.line(now, "world", "REPLICA FAILURE " + detail);
        }
        for (Node node : nodes) {
            if (node.up()) addCounters(node.replica().counters());
        }
        endOpenFaults();
        return new WorldResult(end, detail, List.copyOf(history), List.copyOf(trace.lines()), coverage(), now, messages,
                convergedAfterMillis, List.copyOf(writesLostInCrashes), List.copyOf(faults));
    }

    private void fail(WorldResult.End kind, String why) {
        end = kind;
        detail = why;
        phase = Phase.DONE;
        trace.line(now, "world", kind + ": " + why);
    }

    static String address(int index) {
        return "10.0.0." + (index + 1) + ":8090";
    }

    private long millis() {
        return now / MILLI;
    }

    private long nanos() {
        return now * 1_000;
    }

    /** Records the start of a fault of the nemesis; returns its id, for {@link #faultEnded}. */
    private long faultStarted(String kind, List<String> targets, String detail) {
        FaultEvent start = FaultEvent.start(++faultIds, kind, targets, detail, nanos());
        faults.add(start);
        openFaults.put(start.id(), start);
        return start.id();
    }

    private void faultEnded(long id) {
        FaultEvent start = openFaults.remove(id);
        if (start != null) faults.add(start.end(nanos()));
    }

    /** A fault that is over as soon as it happened (a join): a start and an end at one instant. */
    private void faultAt(String kind, List<String> targets, String detail) {
        faultEnded(faultStarted(kind, targets, detail));
    }

    private void endOpenFaults() {
        while (!openFaults.isEmpty()) faultEnded(openFaults.firstKey());
    }

    private void count(String name) {
        counts.merge(name, 1L, Long::sum);
    }

    // ---------------------------------------------------------------- driving one replica

    private void handle(Node node, Input input) {
        Replica replica = node.replica();
        if (trace.on()) trace.line(now, node.address, "<- " + Describe.input(input));
        List<Effect> effects;
        try {
            effects = replica.handle(input);
            replica.checkInvariants();
        } catch (RuntimeException e) {
            throw new ReplicaFailure(node.address + " (incarnation " + node.incarnation + ") on " + Describe.input(input), e);
        }
        for (Effect effect : effects) {
            if (trace.on()) trace.line(now, node.address, "-> " + Describe.effect(effect));
            if (effect instanceof Effect.Call call) {
                onCall(node, call);
            } else if (effect instanceof Effect.PeerReply reply) {
                onPeerReply(node, reply);
            } else if (effect instanceof Effect.ClientReply reply) {
                onClientReply(node, reply);
            }
        }
    }

    private void startNode(Node node, List<String> initialView) {
        node.incarnation++;
        node.start(new Replica(new ReplicaConfig(node.address, initialView, node.incarnation, limits, config.bugs())));
        node.member = true;
        trace.line(now, node.address, "START incarnation " + node.incarnation + " view " + initialView);
        handle(node, new Input.Start(millis()));
        scheduleTick(node, node.life, now + limits.tickIntervalMillis() * MILLI);
    }

    private void scheduleTick(Node node, int life, long at) {
        queue.at(at, () -> {
            if (node.life != life || phase == Phase.DONE) return;
            handle(node, new Input.Tick(millis()));
            scheduleTick(node, life, now + limits.tickIntervalMillis() * MILLI);
        });
    }

    private void crash(Node node, String why) {
        addCounters(node.replica().counters());
        node.stop();
        trace.line(now, node.address, "CRASH (" + why + ")");
    }

    private void addCounters(Counters c) {
        long[] values = {c.writesAccepted(), c.peerWritesApplied(), c.writesBuffered(), c.notSatisfiedAnswers(),
            c.stateTransfers(), c.conflictsResolved(), c.peersDropped(), c.readmissions(), c.announcementsAccepted(),
            c.outboxOverflows(), c.bufferFullRejections(), c.refusals(), c.addressesForgotten()};
        for (int i = 0; i < values.length; i++) replicaCounters[i] += values[i];
    }

    private SortedMap<String, Long> coverage() {
        TreeMap<String, Long> all = new TreeMap<>(counts);
        for (int i = 0; i < COUNTER_NAMES.length; i++) all.put(COUNTER_NAMES[i], replicaCounters[i]);
        return all;
    }

    // ---------------------------------------------------------------- peer calls

    private void onCall(Node caller, Effect.Call effect) {
        Call call = new Call(caller, effect.callId(), effect.message(), now + limits.peerTimeoutMillis() * MILLI);
        if (hostile != null) hostile.saw(caller.address, effect.message());
        count("net.peerCalls");
        if (effect.message() instanceof Message.SyncPage) count("net.syncPageCalls");
        Node callee = byAddress.get(effect.peer());
        if (callee == null) {
            outcomeAt(call, now + MILLI, () -> failCall(call, "refused"));
            return;
        }
        sendRequest(call, callee);
        if (network.duplicate()) {
            count("net.duplicated");
            sendRequest(call, callee);
        }
    }

    /**
     * Schedules an outcome of {@code call} at {@code time}, or its timeout if that comes first. The
     * timeout is scheduled only when something may keep the call from its answer (a loss, a late
     * answer): an event fewer per call, and the same outcomes as a timer armed at every send.
     */
    private void outcomeAt(Call call, long time, Runnable outcome) {
        if (time > call.deadlineMicros) {
            armTimeout(call);
        } else {
            queue.at(time, outcome);
        }
    }

    private void armTimeout(Call call) {
        if (call.timeoutArmed) return;
        call.timeoutArmed = true;
        queue.at(call.deadlineMicros, () -> failCall(call, "timeout"));
    }

    private void sendRequest(Call call, Node callee) {
        if (!network.passes(call.caller.index, callee.index)) {
            boolean partitioned = network.blocked(call.caller.index, callee.index);
            count(partitioned ? "net.partitioned" : "net.lost");
            armTimeout(call);
            if (partitioned && network.retransmittedAfterHeal()) heldPastHeal.add(new HeldRequest(call, callee, callee.life));
            return;
        }
        long delay = network.delayMicros(call.caller.index, callee.index);
        if (!callee.up()) {
            outcomeAt(call, now + delay, () -> failCall(call, "refused"));
            return;
        }
        if (now + delay > call.deadlineMicros) armTimeout(call); // the peer still gets the request
        queue.at(now + delay, () -> deliverRequest(call, callee));
    }

    private void deliverRequest(Call call, Node callee) {
        if (!callee.up()) {
            long back = network.delayMicros(callee.index, call.caller.index);
            outcomeAt(call, now + back, () -> failCall(call, "refused"));
            return;
        }
        messages++;
        long requestId = nextRequestId++;
        callee.inbound.put(requestId, call);
        handle(callee, new Input.PeerRequest(millis(), requestId, call.caller.address, call.message));
        if (callee.inbound.remove(requestId) != null) armTimeout(call); // no answer: the caller times out
    }

    private void onPeerReply(Node callee, Effect.PeerReply reply) {
        Call call = callee.inbound.remove(reply.requestId());
        if (call == null) throw new IllegalStateException(callee.address + " answered unknown request " + reply.requestId());
        if (!network.passes(callee.index, call.caller.index)) {
            count(network.blocked(callee.index, call.caller.index) ? "net.partitioned" : "net.lost");
            armTimeout(call);
            return;
        }
        int life = callee.life;
        long arrival = now + network.delayMicros(callee.index, call.caller.index);
        if (arrival > call.deadlineMicros) armTimeout(call); // the answer arrives late and is dropped
        queue.at(arrival, () -> {
            if (callee.life != life) {
                outcomeAt(call, now, () -> failCall(call, "refused")); // the answer died with its sender's connection
            } else {
                succeedCall(call, reply.message());
            }
        });
    }

    private void succeedCall(Call call, Message answer) {
        if (call.done) {
            count("net.lateOrExtraReplies");
            return;
        }
        call.done = true;
        if (call.caller.life != call.callerLife) return;
        messages++;
        if (answer instanceof Message.SyncPageReply page && page.last()) count("net.lastPagesDelivered");
        handle(call.caller, new Input.CallSucceeded(millis(), call.callId, answer));
    }

    private void failCall(Call call, String reason) {
        if (call.done) return;
        call.done = true;
        if (call.caller.life != call.callerLife) return;
        count("net.calls" + (reason.equals("timeout") ? "TimedOut" : "Refused"));
        handle(call.caller, new Input.CallFailed(millis(), call.callId, reason));
    }

    // ---------------------------------------------------------------- clients

    private void startClients() {
        for (int i = 0; i < config.clients(); i++) {
            int opsTotal = config.ops() / config.clients() + (i < config.ops() % config.clients() ? 1 : 0);
            SplittableRandom rng = Streams.of(config.seed(), Streams.CLIENT_BASE + i);
            ClientSession client = new ClientSession(i, rng, opsTotal, rng.nextInt(config.replicas()));
            clients.add(client);
            queue.at(Streams.between(rng, 100 * MILLI, 300 * MILLI), () -> clientNext(client));
        }
    }

    private void clientNext(ClientSession client) {
        if (phase != Phase.WORKLOAD) return;
        if (client.done() || now / MILLI >= config.workloadMillisMax()) {
            clientsDone++;
            if (clientsDone == clients.size()) heal();
            return;
        }
        if (client.rng.nextDouble() < ClientSession.NEW_SESSION_CHANCE) client.newSession();
        client.drawOperation(config.keys());
        if (client.rng.nextDouble() < ClientSession.MOVE_CHANCE || !isMember(client.target)) moveClient(client);
        clientAttempt(client);
    }

    private boolean isMember(int index) {
        Node node = nodes.get(index);
        return node.member && !node.removed;
    }

    private void moveClient(ClientSession client) {
        List<Node> members = members();
        client.target = members.get(client.rng.nextInt(members.size())).index;
    }

    private List<Node> members() {
        List<Node> members = new ArrayList<>();
        for (Node node : nodes) {
            if (node.member && !node.removed) members.add(node);
        }
        return members;
    }

    private List<Node> upMembers() {
        List<Node> up = new ArrayList<>();
        for (Node node : members()) {
            if (node.up()) up.add(node);
        }
        return up;
    }

    private void clientAttempt(ClientSession client) {
        if (phase != Phase.WORKLOAD) return;
        Node target = nodes.get(client.target);
        client.freshValue();
        Optional<String> value = client.op == HistoryEvent.Op.PUT ? Optional.of(client.valueJson) : Optional.empty();
        HistoryEvent invoke = HistoryEvent.invoke(client.sessionId(), client.op, client.key, value,
                Optional.of(target.address), Optional.of(client.metadataJson()), nanos(), false);
        int invokeIndex = invocations;
        record(invoke);
        count("client.requests");
        ClientOp op = switch (client.op) {
            case PUT -> ClientOp.Put.of(client.key, value, client.metadata);
            case GET -> new ClientOp.Get(client.key, client.metadata);
            case DELETE -> new ClientOp.Delete(client.key, client.metadata);
        };
        ClientAttempt attempt = new ClientAttempt(client, invoke, target, invokeIndex);
        long delay = network.clientDelayMicros();
        if (!target.up()) {
            queue.at(now + 2 * delay, () -> clientRefused(attempt));
            return;
        }
        queue.at(now + delay, () -> {
            if (attempt.target.life != attempt.life) {
                queue.at(now + network.clientDelayMicros(), () -> clientUnknown(attempt));
                return;
            }
            messages++;
            long requestId = nextRequestId++;
            target.clientRequests.put(requestId, attempt);
            handle(target, new Input.ClientRequest(millis(), requestId, op));
        });
    }

    private void onClientReply(Node node, Effect.ClientReply reply) {
        ClientAttempt attempt = node.clientRequests.remove(reply.requestId());
        if (attempt == null) return; // an operator's view request; its answer goes nowhere
        attempt.writerId = node.replica().writerId();
        if (attempt.invoke.finalRead()) {
            finalReadAnswered(attempt, reply.reply());
            return;
        }
        int life = node.life;
        queue.at(now + network.clientDelayMicros(), () -> {
            if (node.life != life) {
                clientUnknown(attempt);
            } else {
                messages++;
                clientAnswered(attempt, reply.reply());
            }
        });
    }

    private void clientAnswered(ClientAttempt attempt, Reply reply) {
        ClientSession client = attempt.client;
        if (reply.status() == 503) {
            complete(attempt, HistoryEvent.Type.FAIL, Optional.empty(), false, Optional.empty(), reply);
            count("client.answered503");
            client.attempts++;
            if (client.attempts < ClientSession.RETRY_BUDGET) {
                if (client.rng.nextBoolean()) moveClient(client);
                queue.at(now + client.backoffMicros(), () -> clientAttempt(client));
            } else {
                count("client.gaveUpAfter503s");
                client.newSession();
                finishOperation(client, true);
            }
            return;
        }
        switch (client.op) {
            case PUT -> {
                if (reply instanceof Reply.Result result && result.metadata().isPresent()) {
                    client.metadata = result.metadata().get();
                    acknowledged(attempt, result.metadata().get());
                    complete(attempt, HistoryEvent.Type.OK, Optional.of(client.valueJson), false, result.metadata(), reply);
                } else {
                    complete(attempt, HistoryEvent.Type.FAIL, Optional.empty(), false, Optional.empty(), reply);
                }
            }
            case GET -> {
                if (reply instanceof Reply.Found found) {
                    client.metadata = found.metadata();
                    complete(attempt, HistoryEvent.Type.OK, Optional.of(found.valueJson()), true,
                            Optional.of(found.metadata()), reply);
                } else if (reply instanceof Reply.Error error && error.status() == 404) {
                    error.metadata().ifPresent(m -> client.metadata = m);
                    complete(attempt, HistoryEvent.Type.OK, Optional.empty(), false, error.metadata(), reply);
                } else {
                    complete(attempt, HistoryEvent.Type.FAIL, Optional.empty(), false, Optional.empty(), reply);
                }
            }
            case DELETE -> {
                if (reply instanceof Reply.Result result && result.status() == 200 && result.metadata().isPresent()) {
                    client.metadata = result.metadata().get();
                    acknowledged(attempt, result.metadata().get());
                    complete(attempt, HistoryEvent.Type.OK, Optional.empty(), false, result.metadata(), reply);
                } else {
                    if (reply instanceof Reply.Error error) error.metadata().ifPresent(m -> client.metadata = m);
                    complete(attempt, HistoryEvent.Type.FAIL, Optional.empty(), false, Optional.empty(), reply);
                }
            }
        }
        finishOperation(client, false);
    }

    private void acknowledged(ClientAttempt attempt, VectorClock metadata) {
        acked.add(new AckedWrite(attempt.invokeIndex, attempt.target, attempt.writerId, metadata.get(attempt.writerId)));
    }

    private void clientRefused(ClientAttempt attempt) {
        record(attempt.invoke.complete(HistoryEvent.Type.FAIL, Optional.empty(), false,
                Optional.of(attempt.target.address), Optional.empty(), nanos(), 0, Optional.of("connection refused")));
        count("client.refused");
        finishOperation(attempt.client, true);
    }

    /** The request or its answer was lost to a crash: the outcome is unknown, the session ends. */
    private void clientUnknown(ClientAttempt attempt) {
        record(attempt.invoke.complete(HistoryEvent.Type.INFO, Optional.empty(), false,
                Optional.of(attempt.target.address), Optional.empty(), nanos(), 0, Optional.of("connection reset")));
        count("client.info");
        attempt.client.newSession();
        finishOperation(attempt.client, true);
    }

    private void complete(ClientAttempt attempt, HistoryEvent.Type type, Optional<String> value, boolean found,
                          Optional<VectorClock> metadata, Reply reply) {
        Optional<String> error = reply instanceof Reply.Error e ? Optional.of(e.message()) : Optional.empty();
        record(attempt.invoke.complete(type, value, found, Optional.of(attempt.target.address),
                metadata.map(attempt.client::metadataJson), nanos(), reply.status(), error));
    }

    private void finishOperation(ClientSession client, boolean move) {
        client.opsDone++;
        if (move) moveClient(client);
        queue.at(now + client.thinkMicros(), () -> clientNext(client));
    }

    // ---------------------------------------------------------------- the nemesis

    private boolean hasNemesisFaults() {
        for (Fault f : List.of(Fault.PARTITION, Fault.CRASH, Fault.JOIN, Fault.REMOVE, Fault.SLOW, Fault.LOSS_BURST)) {
            if (config.faults().contains(f)) return true;
        }
        return false;
    }

    private void nemesisStep() {
        if (phase != Phase.WORKLOAD || nemesisActions >= config.nemesisActionsMax()) return;
        List<Fault> possible = new ArrayList<>();
        List<Node> up = upMembers();
        for (Fault f : Fault.values()) {
            if (!config.faults().contains(f)) continue;
            boolean applies = switch (f) {
                case PARTITION -> !partitioned && members().size() >= 2;
                case CRASH -> up.size() >= 2;
                case JOIN -> joins < JOINS_MAX && nodes.size() < capacity;
                case REMOVE -> removals < REMOVALS_MAX && up.size() >= 3;
                case SLOW, LOSS_BURST -> true;
                case LOSS, DUPLICATION, REORDER, HOSTILE -> false;
            };
            if (applies) possible.add(f);
        }
        if (!possible.isEmpty()) {
            nemesisActions++;
            switch (possible.get(nemesisRng.nextInt(possible.size()))) {
                case PARTITION -> partition();
                case CRASH -> crashOne(up);
                case JOIN -> join();
                case REMOVE -> removeOne(up);
                case SLOW -> slowdown();
                case LOSS_BURST -> lossBurst();
                default -> throw new IllegalStateException("not a nemesis action");
            }
        }
        queue.at(now + Streams.between(nemesisRng, 200 * MILLI, 1_500 * MILLI), this::nemesisStep);
    }

    /**
     * Delivers one hostile request to a random running replica, outside the network (its answer goes
     * nowhere), and fails the run unless the replica refuses it, answers nothing else, and holds
     * exactly the state it held before (its canonical dump, calls and timers included).
     */
    private void hostileStep() {
        if (phase != Phase.WORKLOAD) return;
        List<Node> up = upMembers();
        if (!up.isEmpty()) {
            Node target = up.get(hostileRng.nextInt(up.size()));
            HostileMessages.Injection injection = hostile.next(target.address, memberAddresses());
            Replica replica = target.replica();
            java.util.function.Supplier<String> what = () -> Describe.printable(injection.what() + " from "
                    + injection.from() + ": " + Describe.message(injection.message()));
            if (trace.on()) trace.line(now, target.address, "<- HOSTILE " + what.get());
            String before = replica.stateDump(true);
            List<Effect> effects;
            try {
                effects = replica.handle(new Input.PeerRequest(millis(), hostileRequestIds--, injection.from(), injection.message()));
                replica.checkInvariants();
            } catch (RuntimeException e) {
                throw new ReplicaFailure(target.address + " threw on hostile input (" + what.get() + ")", e);
            }
            boolean refused = effects.size() == 1 && effects.get(0) instanceof Effect.PeerReply reply
                    && reply.message() instanceof Message.Refused;
            if (!refused) {
                throw new ReplicaFailure(target.address + " did not refuse hostile input (" + what.get() + ")",
                        new IllegalStateException("effects " + effects));
            }
            String after = replica.stateDump(true);
            if (!before.equals(after)) {
                throw new ReplicaFailure(target.address + " changed its state on refusing hostile input (" + what.get() + ")",
                        new IllegalStateException("before:\n" + before + "after:\n" + after));
            }
            Message.Refused answer = (Message.Refused) ((Effect.PeerReply) effects.get(0)).message();
            count("hostile.refused." + answer.reason().wire());
            if (trace.on()) {
                trace.line(now, target.address, "-> HOSTILE refused " + answer.reason().wire() + ": "
                        + Describe.printable(answer.detail()));
            }
        }
        queue.at(now + Streams.between(hostileRng, 20 * MILLI, 300 * MILLI), this::hostileStep);
    }

    private void partition() {
        List<Node> members = members();
        for (int i = members.size() - 1; i > 0; i--) { // seeded shuffle
            int j = nemesisRng.nextInt(i + 1);
            Node t = members.get(i);
            members.set(i, members.get(j));
            members.set(j, t);
        }
        int n = members.size();
        int shape = nemesisRng.nextInt(4);
        String description;
        List<Node> cut; // the side a fault line names: the one isolated, the bridge, the first half or group
        if (shape == 2 && n >= 3) {
            Node bridge = members.get(0);
            int split = 1 + (int) Streams.between(nemesisRng, 1, n - 2);
            List<Node> a = members.subList(1, split), b = members.subList(split, n);
            blockBetween(a, b, true);
            description = "bridge " + names(a) + " | " + bridge.address + " | " + names(b);
            cut = List.of(bridge);
        } else if (shape == 3) {
            int split = (int) Streams.between(nemesisRng, 1, n - 1);
            List<Node> a = members.subList(0, split), b = members.subList(split, n);
            blockBetween(a, b, false);
            description = "asymmetric " + names(a) + " -/-> " + names(b);
            cut = a;
        } else if (shape == 1) {
            blockBetween(members.subList(0, 1), members.subList(1, n), true);
            description = "isolate " + members.get(0).address;
            cut = members.subList(0, 1);
        } else {
            int split = (int) Streams.between(nemesisRng, 1, n - 1);
            blockBetween(members.subList(0, split), members.subList(split, n), true);
            description = "halves " + names(members.subList(0, split)) + " | " + names(members.subList(split, n));
            cut = members.subList(0, split);
        }
        partitioned = true;
        count("nemesis.partitions");
        trace.line(now, "nemesis", "PARTITION " + description);
        List<String> cutAddresses = new ArrayList<>();
        for (Node node : cut) cutAddresses.add(node.address);
        long fault = faultStarted("partition", cutAddresses, description);
        queue.at(now + Streams.between(nemesisRng, 500 * MILLI, 5_000 * MILLI), () -> {
            if (phase != Phase.WORKLOAD) return;
            network.healPartitions();
            partitioned = false;
            releaseHeldRequests();
            trace.line(now, "nemesis", "HEAL partition");
            faultEnded(fault);
        });
    }

    private void blockBetween(List<Node> a, List<Node> b, boolean bothWays) {
        for (Node x : a) {
            for (Node y : b) {
                network.block(x.index, y.index);
                if (bothWays) network.block(y.index, x.index);
            }
        }
    }

    private static String names(List<Node> group) {
        List<String> names = new ArrayList<>();
        for (Node n : group) names.add(n.address);
        return names.toString();
    }

    private void crashOne(List<Node> up) {
        Node victim = up.get(nemesisRng.nextInt(up.size()));
        crash(victim, "nemesis");
        count("nemesis.crashes");
        long fault = faultStarted("crash", List.of(victim.address), "crashed (its memory lost), restarted later");
        queue.at(now + Streams.between(nemesisRng, 300 * MILLI, 4_000 * MILLI), () -> {
            if (phase != Phase.WORKLOAD || victim.up() || victim.removed) return;
            count("nemesis.restarts");
            startNode(victim, memberAddresses());
            faultEnded(fault);
        });
    }

    private List<String> memberAddresses() {
        List<String> addresses = new ArrayList<>();
        for (Node n : members()) addresses.add(n.address);
        return addresses;
    }

    private void join() {
        Node node = new Node(nodes.size(), address(nodes.size()));
        nodes.add(node);
        byAddress.put(node.address, node);
        List<String> view = new ArrayList<>();
        for (Node n : upMembers()) view.add(n.address);
        view.add(node.address);
        joins++;
        count("nemesis.joins");
        trace.line(now, "nemesis", "JOIN " + node.address);
        faultAt("join", List.of(node.address), "a new replica joins with VIEW " + view);
        startNode(node, view);
    }

    private void removeOne(List<Node> up) {
        Node victim = up.get(nemesisRng.nextInt(up.size()));
        crash(victim, "decommissioned");
        victim.removed = true;
        removals++;
        count("nemesis.removals");
        faultStarted("remove", List.of(victim.address), "stopped for good and removed from the others' views");
        for (Node other : upMembers()) {
            long delay = network.clientDelayMicros();
            queue.at(now + delay, () -> {
                if (!other.up()) return;
                long requestId = nextRequestId++;
                handle(other, new Input.ClientRequest(millis(), requestId, new ClientOp.ViewDelete(victim.address)));
            });
        }
    }

    private void slowdown() {
        long duration = Streams.between(nemesisRng, 500 * MILLI, 4_000 * MILLI);
        List<Node> members = members();
        if (nemesisRng.nextBoolean() || members.size() < 2) {
            Node slow = members.get(nemesisRng.nextInt(members.size()));
            double factor = 5 + nemesisRng.nextInt(26);
            network.slowNode(slow.index, factor);
            count("nemesis.slowReplicas");
            trace.line(now, "nemesis", "SLOW replica " + slow.address + " x" + (int) factor);
            long fault = faultStarted("slow", List.of(slow.address), "its messages take " + (int) factor + " times as long");
            queue.at(now + duration, () -> {
                if (phase != Phase.WORKLOAD) return;
                network.slowNode(slow.index, 1);
                faultEnded(fault);
            });
        } else {
            Node from = members.get(nemesisRng.nextInt(members.size()));
            Node to = members.get(nemesisRng.nextInt(members.size()));
            if (from == to) return;
            long extra = Streams.between(nemesisRng, 20 * MILLI, 400 * MILLI);
            network.slowLink(from.index, to.index, extra);
            count("nemesis.slowLinks");
            trace.line(now, "nemesis", "SLOW link " + from.address + " -> " + to.address + " +" + extra / MILLI + " ms");
            long fault = faultStarted("slow-link", List.of(from.address, to.address),
                    "messages from " + from.address + " to " + to.address + " take " + extra / MILLI + " ms more");
            queue.at(now + duration, () -> {
                if (phase != Phase.WORKLOAD) return;
                network.slowLink(from.index, to.index, 0);
                faultEnded(fault);
            });
        }
    }

    private void lossBurst() {
        double rate = 0.2 + nemesisRng.nextDouble() * 0.5;
        network.lossBurst(rate);
        count("nemesis.lossBursts");
        trace.line(now, "nemesis", "LOSS BURST " + (int) (rate * 100) + "%");
        long fault = faultStarted("loss-burst", List.of(), (int) (rate * 100) + "% of all peer messages lost");
        queue.at(now + Streams.between(nemesisRng, 200 * MILLI, 2_000 * MILLI), () -> {
            if (phase != Phase.WORKLOAD) return;
            network.lossBurst(0);
            faultEnded(fault);
        });
    }

    // ---------------------------------------------------------------- the end: heal, quiesce, read

    private void heal() {
        phase = Phase.HEALING;
        healedAtMicros = now;
        network.healAll();
        partitioned = false;
        releaseHeldRequests();
        trace.line(now, "world", "HEAL everything; restart every crashed replica");
        endOpenFaults();
        for (Node node : members()) {
            if (!node.up()) startNode(node, memberAddresses());
        }
        queue.at(now + CHECK_EVERY_MICROS, this::checkQuiescence);
    }

    private void checkQuiescence() {
        if (phase != Phase.HEALING) return;
        Optional<String> unsettled = unsettled();
        if (unsettled.isPresent()) {
            quietSinceMicros = -1;
        } else if (quietSinceMicros < 0) {
            quietSinceMicros = now;
        }
        // Buffered writes are tolerated only once the clocks have been equal for two anti-entropy
        // rounds: then nobody has applied them (a dependency died with a crashed replica's memory)
        // and nobody ever will, and they cannot make the replicas differ.
        long buffered = bufferedWrites();
        boolean settled = quietSinceMicros >= 0
                && (buffered == 0 || now - quietSinceMicros >= 2 * limits.antiEntropyIntervalMillis() * MILLI);
        if (settled) {
            convergedAfterMillis = (now - healedAtMicros) / MILLI;
            if (buffered > 0) counts.put("world.orphanedBufferedWrites", buffered);
            trace.line(now, "world", "QUIESCENT after " + convergedAfterMillis + " ms"
                    + (buffered > 0 ? " (" + buffered + " buffered writes whose dependencies were lost in crashes)" : "")
                    + "; final reads");
            finalReads();
            phase = Phase.DONE;
            return;
        }
        if (now - healedAtMicros >= config.convergenceBoundMillis() * MILLI) {
            fail(WorldResult.End.LIVENESS, "not quiescent " + config.convergenceBoundMillis()
                    + " ms after healing: " + unsettled.orElse(buffered + " buffered writes"));
            return;
        }
        queue.at(now + CHECK_EVERY_MICROS, this::checkQuiescence);
    }

    private long bufferedWrites() {
        long total = 0;
        for (Node node : members()) total += node.replica().bufferedWrites();
        return total;
    }

    /** Why the cluster has not settled yet (views, outboxes, applied clocks), or empty when it has. */
    private Optional<String> unsettled() {
        List<Node> members = members();
        TreeSet<String> expected = new TreeSet<>(memberAddresses());
        VectorClock reference = members.get(0).replica().applied();
        for (Node node : members) {
            Replica r = node.replica();
            if (!new TreeSet<>(r.view()).equals(expected)) {
                return Optional.of(node.address + " has view " + r.view() + ", expected " + expected);
            }
            for (String peer : expected) {
                if (r.outboxSize(peer) > 0) {
                    return Optional.of(node.address + " still has " + r.outboxSize(peer) + " writes for " + peer);
                }
            }
            if (!r.applied().equals(reference)) {
                return Optional.of(node.address + " applied " + r.applied() + " but " + members.get(0).address
                        + " applied " + reference);
            }
        }
        return Optional.empty();
    }

    /** Stores that differ although the cluster is quiescent: the checker will see it in the final reads. */
    public static Optional<String> storeDifference(List<Replica> replicas) {
        SortedMap<String, WriteId> reference = ids(replicas.get(0).snapshot());
        for (Replica r : replicas) {
            SortedMap<String, WriteId> mine = ids(r.snapshot());
            if (!mine.equals(reference)) {
                return Optional.of(r.address() + " stores " + mine + " but " + replicas.get(0).address() + " stores " + reference);
            }
        }
        return Optional.empty();
    }

    private static SortedMap<String, WriteId> ids(SortedMap<String, Version> snapshot) {
        TreeMap<String, WriteId> ids = new TreeMap<>();
        snapshot.forEach((k, v) -> ids.put(k, v.id()));
        return ids;
    }

    /**
     * Acknowledged writes that no replica has applied at quiescence. A write is acknowledged before
     * it is replicated and memory is volatile, so a write dies when every replica that held it
     * crashed (or was removed) first: that is expected, and such writes are listed so that the
     * checker's "acknowledged write lost" findings about them can be told apart. A write lost while
     * the incarnation that accepted it still runs is not listed: that would be a bug.
     */
    private void findLostWrites() {
        VectorClock applied = members().get(0).replica().applied();
        for (AckedWrite w : acked) {
            if (applied.get(w.writerId()) >= w.seq()) continue;
            Node origin = w.origin();
            boolean died = origin.removed || !origin.up() || !origin.replica().writerId().equals(w.writerId());
            if (died) {
                writesLostInCrashes.add(w.invokeIndex());
                count("world.ackedWritesLostInCrashes");
            } else {
                count("world.ackedWritesLostOtherwise");
                trace.line(now, "world", "LOST acknowledged write " + w.writerId() + ":" + w.seq()
                        + " although its replica still runs");
            }
        }
    }

    private void finalReads() {
        findLostWrites();
        List<Replica> replicas = new ArrayList<>();
        for (Node node : members()) {
            replicas.add(node.replica());
            ClientSession reader = new ClientSession(-1 - node.index, new SplittableRandom(0), 0, node.index);
            for (int k = 0; k < config.keys(); k++) {
                now++;
                String key = "k" + k;
                HistoryEvent invoke = HistoryEvent.invoke("final-" + node.index, HistoryEvent.Op.GET, key, Optional.empty(),
                        Optional.of(node.address), Optional.of(Describe.metadataJson(reader.metadata)), nanos(), true);
                int invokeIndex = invocations;
                record(invoke);
                long requestId = nextRequestId++;
                node.clientRequests.put(requestId, new ClientAttempt(reader, invoke, node, invokeIndex));
                handle(node, new Input.ClientRequest(millis(), requestId, new ClientOp.Get(key, reader.metadata)));
            }
        }
        storeDifference(replicas).ifPresent(d -> {
            count("world.storesDifferAtQuiescence");
            trace.line(now, "world", "STORES DIFFER " + d);
        });
    }

    private void finalReadAnswered(ClientAttempt attempt, Reply reply) {
        now++;
        ClientSession reader = attempt.client;
        if (reply instanceof Reply.Found found) {
            reader.metadata = found.metadata();
            complete(attempt, HistoryEvent.Type.OK, Optional.of(found.valueJson()), true, Optional.of(found.metadata()), reply);
        } else if (reply instanceof Reply.Error error && error.status() == 404) {
            error.metadata().ifPresent(m -> reader.metadata = m);
            complete(attempt, HistoryEvent.Type.OK, Optional.empty(), false, error.metadata(), reply);
        } else {
            complete(attempt, HistoryEvent.Type.FAIL, Optional.empty(), false, Optional.empty(), reply);
        }
    }
}
