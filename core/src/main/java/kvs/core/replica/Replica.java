package kvs.core.replica;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import kvs.core.Check;
import kvs.core.Limits;
import kvs.core.clock.VectorClock;

/**
 * One replica of the causally consistent key-value store, as a pure state machine.
 *
 * <h2>Theory of operation</h2>
 *
 * <p>Inputs come in through {@link #handle} (a client request, a peer's request, the answer to a
 * call this replica made, a tick); effects go out as its result (answer this request, call that
 * peer, log a line). The replica never blocks, never reads a clock (time is {@code nowMillis} in
 * every input), and iterates only sorted collections, so one sequence of inputs always gives the
 * same sequence of effects. The Undertow driver and the simulator both drive this class.
 *
 * <p><b>Causal metadata</b> is a {@link VectorClock} over writer ids ({@code address#incarnation}):
 * entry {@code w = n} says "the first n writes accepted by writer w". The replica's {@code applied}
 * clock says which writes it has applied. A request whose metadata is not {@code <= applied} names
 * writes this replica lacks: it answers 503 and changes nothing. Every write carries its causal past
 * ({@link Version#deps}): the client's metadata plus the write itself, no more, so the metadata a
 * client gets back is precise (V' = V joined with the deps of the write made or read).
 *
 * <p><b>Replication.</b> A write is applied and acknowledged at once, then queued for every peer in
 * the view. One batch per peer is in flight at a time; the peer answers how far it has accepted
 * this writer's writes (applied or buffered), and the batch is trimmed. A peer applies a write
 * once it has applied all writes of the same writer before it and everything in its deps; until
 * then the write waits in a bounded {@link CausalBuffer}.
 *
 * <p><b>Conflicts.</b> Writes to one key are ordered by (Lamport timestamp, writer id, seq). A
 * write's Lamport timestamp exceeds that of every write applied where it was accepted, so this
 * order extends causality: the causally later write always wins, concurrent ones are decided alike
 * everywhere. Deletes are writes of tombstones and win or lose the same way.
 *
 * <p><b>Anti-entropy and state transfer.</b> Every {@code antiEntropyIntervalMillis} a replica
 * sends each peer its applied clock; the peer answers with every current version whose write that
 * clock does not cover, plus its own applied clock. The union of two causally closed sets of writes
 * is causally closed, so merging the versions (by the conflict order) and joining the clocks is
 * sound; tombstones travel too, so a deleted key never comes back. A starting replica does this
 * with every peer at once: that is its state transfer.
 *
 * <p><b>Views and failures.</b> A failed call (refused, timed out) takes the peer for down at once:
 * it leaves the view, its outbox is dropped, the other peers are told, and it is probed. An
 * address answering probes for {@code readmitAfterMillis} is re-admitted and catches up by
 * anti-entropy (both ways). An announcement ({@code PUT /view}) is accepted at once.
 *
 * <p><b>Hostile and late messages.</b> Every field of every peer message is checked
 * ({@link PeerMessageCheck}) before anything changes; an invalid request is answered
 * {@link Message.Refused} and changes nothing, an invalid answer is ignored. Counters are bounded by
 * {@code counterMax}, and a peer's Lamport timestamp may lead ours by {@code lamportLeadMax} at most,
 * so no increment can wrap. Every request carries a {@link LinkStamp}: a replica sets a new link
 * epoch for an address at every drop and admission, and refuses a write or view change that comes
 * from outside its view, or whose stamp is older than one already accepted from the sender or echoes
 * an epoch other than the current one, so that a request delayed past a partition's heal cannot act.
 *
 * <p><b>Addresses that never answer</b> (see {@link Peer}): one newly put in the view keeps its place
 * for {@code joinGraceMillis} while its calls fail, then leaves quietly; those learned at run time
 * are capped ({@code unansweredAddressesMax}, the oldest evicted) and forgotten after
 * {@code unreachedForgetMillis}; probes of a silent address back off to {@code probeBackoffMaxMillis}.
 *
 * <p><b>Invariants</b> ({@link #checkInvariants}): every stored version and no buffered write is
 * covered by {@code applied}; the Lamport counter is at least every stored timestamp; the view holds
 * this replica and exactly the peers with a link; probed addresses are outside the view; every
 * outbox holds this incarnation's own applied writes in order; every known address other than this
 * one has link epochs, and is in the view or probed; every bound holds.
 */
public final class Replica {
    private final ReplicaConfig config;
    private final Limits limits;
    private final String address;
    private final String writerId;

    private VectorClock applied = VectorClock.EMPTY;
    private long lamport;
    private final Store store = new Store();
    private final CausalBuffer buffer;
    private final PeerMessageCheck check;

    private final TreeSet<String> view = new TreeSet<>();
    private final TreeMap<String, PeerLink> links = new TreeMap<>();
    private final TreeMap<String, Probe> probes = new TreeMap<>();
    /** Every other address in the view or probed, with its link epochs. */
    private final TreeMap<String, Peer> peers = new TreeMap<>();
    /** The last link epoch handed out; epochs only grow, so no two lives of any link share one. */
    private long lastEpoch;

    /**
     * A paged state transfer (one at a time): the peer it comes from, and the versions received so
     * far, kept out of the store until the last page makes them true together with its clock.
     */
    private Optional<String> pagedFrom = Optional.empty();
    private final TreeMap<String, Version> staged = new TreeMap<>();

    private final TreeMap<Long, PendingCall> pendingCalls = new TreeMap<>();
    private long nextCallId = 1;
    private long nowMillis = Long.MIN_VALUE;
    private boolean started;
    private boolean caughtUp;

    private long writesAccepted, peerWritesApplied, writesBuffered, notSatisfiedAnswers, stateTransfers,
            conflictsResolved, peersDropped, readmissions, announcementsAccepted, outboxOverflows,
            bufferFullRejections, refusals, addressesForgotten;

    /** The effects of the input being handled; a fresh list for each input. */
    private List<Effect> effects = new ArrayList<>();

    private enum CallKind { VIEW_ADD, VIEW_REMOVE, REPLICATE, SYNC, PING }

    private record PendingCall(String peer, CallKind kind, long sentAtMillis) {}

    public Replica(ReplicaConfig config) {
        this.config = config;
        this.limits = config.limits();
        this.address = config.address();
        this.writerId = config.writerId();
        this.buffer = new CausalBuffer(limits.causalBufferWritesMax());
        this.check = new PeerMessageCheck(limits, writerId,
                !config.bugs().contains(Bug.REUSE_WRITE_IDS_AFTER_RESTART));
        view.add(address);
        for (String peer : config.initialView()) {
            if (!peer.equals(address) && view.size() < limits.knownAddressesMax() && !view.contains(peer)) {
                view.add(peer);
                links.put(peer, new PeerLink(peer, 0));
                peers.put(peer, new Peer(++lastEpoch, true, 0));
            }
        }
    }

    // ---------------------------------------------------------------- the one entry point

    /** Feeds one input to the replica and returns what it asks its driver to do, in order. */
    public List<Effect> handle(Input input) {
        Check.argument(input.nowMillis() >= nowMillis, "time went backwards: %s < %s", input.nowMillis(), nowMillis);
        nowMillis = input.nowMillis();
        effects = new ArrayList<>();
        if (input instanceof Input.Start) {
            onStart();
        } else if (input instanceof Input.Tick) {
            onTick();
        } else if (input instanceof Input.ClientRequest request) {
            reply(request.requestId(), onClient(request.op()));
        } else if (input instanceof Input.PeerRequest request) {
            effects.add(new Effect.PeerReply(request.requestId(), onPeerRequest(request.from(), request.message())));
        } else if (input instanceof Input.CallSucceeded answer) {
            onCallSucceeded(answer.callId(), answer.answer());
        } else if (input instanceof Input.CallFailed failure) {
            onCallFailed(failure.callId(), failure.reason());
        } else {
            throw new IllegalStateException("unknown input " + input);
        }
        return effects;
    }

    // ---------------------------------------------------------------- start and ticks

    private void onStart() {
        Check.that(!started, "started twice");
        started = true;
        if (links.isEmpty()) caughtUp = true;
        for (PeerLink link : new ArrayList<>(links.values())) {
            peers.get(link.address).graceUntilMillis = nowMillis + limits.joinGraceMillis();
            call(link.address, new Message.ViewAdd(address, stampFor(link.address)), CallKind.VIEW_ADD);
            requestSync(link);
        }
    }

    private void onTick() {
        if (!started) return;
        expireForgottenCalls();
        for (PeerLink link : new ArrayList<>(links.values())) {
            if (!links.containsKey(link.address)) continue;
            if (!link.replicateInFlight && !link.outbox.isEmpty() && nowMillis >= link.nextReplicateAtMillis) {
                sendBatch(link);
            }
            if (!link.syncInFlight && nowMillis >= link.nextSyncAtMillis) requestSync(link);
        }
        for (Map.Entry<String, Probe> entry : new ArrayList<>(probes.entrySet())) {
            Probe probe = entry.getValue();
            Peer peer = peers.get(entry.getKey());
            if (!probe.inFlight && peer.unanswered() && nowMillis - peer.knownSinceMillis >= limits.unreachedForgetMillis()) {
                forget(entry.getKey(), "it never answered in " + (nowMillis - peer.knownSinceMillis) + " ms");
                continue;
            }
            if (!probe.inFlight && nowMillis >= probe.nextProbeAtMillis
                    && call(entry.getKey(), new Message.Ping(stampFor(entry.getKey())), CallKind.PING)) {
                probe.inFlight = true;
                probe.nextProbeAtMillis = nowMillis + probe.intervalMillis;
            }
        }
    }

    /** Removes every trace of a probed address. */
    private void forget(String peer, String why) {
        Check.that(probes.containsKey(peer) && !view.contains(peer), "forgetting %s, which is not probed", peer);
        probes.remove(peer);
        peers.remove(peer);
        addressesForgotten++;
        log("forgot " + peer + ": " + why);
    }

    /** A driver promises an answer to every call; this only guards memory if one ever breaks it. */
    private void expireForgottenCalls() {
        long horizon = nowMillis - 4 * (limits.peerTimeoutMillis() + limits.peerConnectTimeoutMillis());
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, PendingCall> entry : pendingCalls.entrySet()) {
            if (entry.getValue().sentAtMillis() < horizon) expired.add(entry.getKey());
        }
        for (Long callId : expired) onCallFailed(callId, "no answer from the driver");
    }

    // ---------------------------------------------------------------- clients

    private Reply onClient(ClientOp op) {
        if (op instanceof ClientOp.Get get) return onGet(get);
        if (op instanceof ClientOp.Put put) return onPut(put);
        if (op instanceof ClientOp.Delete delete) return onDelete(delete);
        if (op instanceof ClientOp.ViewGet) return new Reply.ViewList(List.copyOf(view));
        if (op instanceof ClientOp.ViewPut put) {
            return check.address("socket-address", put.address()).<Reply>map(BAD_ADDRESS).orElseGet(() -> addToView(put.address()));
        }
        if (op instanceof ClientOp.ViewDelete delete) {
            return check.address("socket-address", delete.address()).<Reply>map(BAD_ADDRESS)
                    .orElseGet(() -> removeFromView(delete.address()));
        }
        throw new IllegalStateException("unknown client op " + op);
    }

    private static final java.util.function.Function<String, Reply> BAD_ADDRESS =
            problem -> new Reply.Error(400, "Request must name a socket-address of the form IP:PORT", Optional.empty());

    private Reply onGet(ClientOp.Get get) {
        boolean checkMetadata = !config.bugs().contains(Bug.IGNORE_CLIENT_METADATA_ON_GET);
        if (checkMetadata && !satisfied(get.metadata())) return notSatisfied();
        Optional<Version> current = store.get(get.key());
        if (current.isEmpty()) return new Reply.Error(404, Reply.Messages.NO_SUCH_KEY, Optional.empty());
        VectorClock observed = get.metadata().merge(current.get().deps());
        if (current.get().tombstone()) {
            return new Reply.Error(404, Reply.Messages.NO_SUCH_KEY, Optional.of(observed));
        }
        return new Reply.Found(current.get().value(), observed);
    }

    private Reply onPut(ClientOp.Put put) {
        if (put.value().isEmpty()) return new Reply.Error(400, Reply.Messages.NO_VALUE, Optional.empty());
        if (tooLong(put.key())) return new Reply.Error(400, Reply.Messages.KEY_TOO_LONG, Optional.empty());
        if (!satisfied(put.metadata())) return notSatisfied();
        if (countersExhausted()) return exhausted();
        boolean present = store.get(put.key()).map(v -> !v.tombstone()).orElse(false);
        Version written = acceptWrite(put.key(), put.metadata(), put.value());
        return new Reply.Result(present ? 200 : 201, present ? "replaced" : "created",
                Optional.of(metadataAfterWrite(put.metadata(), written)));
    }

    private Reply onDelete(ClientOp.Delete delete) {
        if (!satisfied(delete.metadata())) return notSatisfied();
        Optional<Version> current = store.get(delete.key());
        if (current.isEmpty()) return new Reply.Error(404, Reply.Messages.NO_SUCH_KEY, Optional.empty());
        if (current.get().tombstone()) {
            return new Reply.Error(404, Reply.Messages.NO_SUCH_KEY, Optional.of(delete.metadata().merge(current.get().deps())));
        }
        if (countersExhausted()) return exhausted();
        Version written = acceptWrite(delete.key(), delete.metadata(), Optional.empty());
        return new Reply.Result(200, "deleted", Optional.of(metadataAfterWrite(delete.metadata(), written)));
    }

    private boolean tooLong(String key) {
        return key.codePointCount(0, key.length()) > limits.keyLengthMax();
    }

    private boolean satisfied(VectorClock metadata) {
        return metadata.leq(applied);
    }

    private Reply notSatisfied() {
        notSatisfiedAnswers++;
        return new Reply.Error(503, Reply.Messages.NOT_SATISFIED, Optional.empty());
    }

    /**
     * True when one more write would take the Lamport counter or this writer's sequence past
     * {@code counterMax}. Unreachable by real traffic (peers' timestamps may lead by
     * {@code lamportLeadMax} at most); the bound keeps every increment from wrapping.
     */
    private boolean countersExhausted() {
        return lamport >= limits.counterMax() || applied.get(writerId) >= limits.counterMax();
    }

    private Reply exhausted() {
        return new Reply.Error(507, "This replica's write counter is exhausted; writes go to another replica",
                Optional.empty());
    }

    private VectorClock metadataAfterWrite(VectorClock metadata, Version written) {
        return config.bugs().contains(Bug.OMIT_WRITE_FROM_METADATA) ? metadata : written.deps();
    }

    /** Applies a client's write here and queues it for every peer. */
    private Version acceptWrite(String key, VectorClock metadata, Optional<ValueText> value) {
        long seq = applied.get(writerId) + 1;
        WriteId id = new WriteId(writerId, seq);
        VectorClock deps = metadata.with(writerId, seq);
        lamport++;
        Version version = value.isPresent()
                ? Version.value(key, id, lamport, deps, value.get())
                : Version.tombstone(key, id, lamport, deps);
        Store.Offer offer = store.offer(version);
        Check.that(offer == Store.Offer.INSTALLED || offer == Store.Offer.INSTALLED_OVER_CONCURRENT,
                "a local write must win locally: %s", offer);
        applied = applied.with(writerId, seq);
        writesAccepted++;
        for (PeerLink link : links.values()) enqueue(link, version);
        return version;
    }

    private void enqueue(PeerLink link, Version version) {
        link.outbox.addLast(version);
        if (link.outbox.size() > limits.outboxWritesMax()) {
            link.outbox.clear();
            outboxOverflows++;
            log("outbox to " + link.address + " overflowed; it will catch up by anti-entropy");
            return;
        }
        if (!link.replicateInFlight && nowMillis >= link.nextReplicateAtMillis) sendBatch(link);
    }

    // ---------------------------------------------------------------- views

    /**
     * {@code PUT /view} of {@code peer}, by an operator or by the replica itself announcing its start.
     * An address never heard of counts against {@code unansweredAddressesMax} until it answers: when
     * that many are known, the one learned first is forgotten to make room, so addresses that never
     * answer cannot fill the view against real replicas.
     */
    private Reply addToView(String peer) {
        if (view.contains(peer)) {
            if (!peer.equals(address)) peers.get(peer).announced(nowMillis);
            return new Reply.Result(200, "already present", Optional.empty());
        }
        if (!probes.containsKey(peer)) {
            makeRoomForAnUnansweredAddress();
            if (view.size() + probes.size() >= limits.knownAddressesMax()) {
                return new Reply.Error(400, "View is full", Optional.empty());
            }
        }
        admit(peer);
        Peer known = peers.get(peer);
        known.announced(nowMillis);
        if (!known.answered) known.graceUntilMillis = nowMillis + limits.joinGraceMillis();
        announcementsAccepted++;
        return new Reply.Result(201, "added", Optional.empty());
    }

    /** Forgets the oldest address learned at run time that never answered, when there are too many. */
    private void makeRoomForAnUnansweredAddress() {
        int unanswered = 0;
        String oldest = null;
        long oldestSince = Long.MAX_VALUE;
        for (Map.Entry<String, Peer> e : peers.entrySet()) {
            if (!e.getValue().unanswered()) continue;
            unanswered++;
            if (e.getValue().knownSinceMillis < oldestSince) {
                oldest = e.getKey();
                oldestSince = e.getValue().knownSinceMillis;
            }
        }
        if (unanswered < limits.unansweredAddressesMax() || oldest == null) return;
        if (view.contains(oldest)) drop(oldest, "it never answered, and newer addresses need the room", false);
        forget(oldest, "it never answered, and newer addresses need the room");
    }

    private Reply removeFromView(String peer) {
        if (!view.contains(peer)) return new Reply.Error(404, Reply.Messages.NO_SUCH_REPLICA, Optional.empty());
        if (peer.equals(address)) {
            return new Reply.Error(400, "A replica cannot remove itself from its view", Optional.empty());
        }
        drop(peer, "removed by request", false);
        return new Reply.Result(200, "deleted", Optional.empty());
    }

    private void admit(String peer) {
        probes.remove(peer);
        view.add(peer);
        peers.computeIfAbsent(peer, p -> new Peer(0, false, nowMillis)).epoch = ++lastEpoch;
        PeerLink link = new PeerLink(peer, nowMillis);
        links.put(peer, link);
        requestSync(link);
    }

    /**
     * Takes {@code peer} out of the view and starts probing it. Returns false if it was not in.
     * It must look healthy for {@code readmitAfterMillis} before it comes back (the hysteresis
     * against flapping links), except when it announced itself to this replica less than
     * {@code readmitAfterMillis} ago and the removal most likely comes from the start itself: a
     * cold replica slow to answer its first calls (a call of ours failed, and none had been
     * answered since the announcement), or another replica's word, which may be older than the
     * announcement ({@code ownCallFailed} false). Then it is probed at once and comes back as soon
     * as it answers. A peer that answered us after its announcement and then failed a call of ours
     * has really failed, fresh or not: it gets the hysteresis, so that a probe answered across a
     * heal cannot bring it back at once (the course's causal scenario run just after the start).
     * A failed probe puts the hysteresis back.
     */
    private boolean drop(String peer, String why, boolean ownCallFailed) {
        if (!view.contains(peer) || peer.equals(address)) return false;
        view.remove(peer);
        links.remove(peer);
        if (pagedFrom.equals(Optional.of(peer))) abandonPagedTransfer();
        Peer known = peers.get(peer);
        known.epoch = ++lastEpoch;
        boolean freshlyAnnounced = known.announcedAtMillis != Peer.NEVER
                && nowMillis - known.announcedAtMillis < limits.readmitAfterMillis()
                && !(ownCallFailed && known.answeredSinceAnnouncement);
        probes.put(peer, freshlyAnnounced
                ? new Probe(nowMillis, 0, limits.probeIntervalMillis())
                : new Probe(nowMillis + limits.probeIntervalMillis(), limits.readmitAfterMillis(), limits.probeIntervalMillis()));
        peersDropped++;
        log("dropped " + peer + " from the view: " + why);
        return true;
    }

    private void peerFailed(String peer, String reason) {
        if (!drop(peer, reason, true)) return;
        for (String other : new ArrayList<>(links.keySet())) {
            call(other, new Message.ViewRemove(peer, stampFor(other)), CallKind.VIEW_REMOVE);
        }
    }

    // ---------------------------------------------------------------- peers' requests

    private Message onPeerRequest(String from, Message message) {
        Optional<String> invalid = config.bugs().contains(Bug.TRUST_PEER_MESSAGES)
                ? Optional.empty() : check.request(from, message, lamport, applied);
        if (invalid.isPresent()) return refusal(Message.Refusal.INVALID, invalid.get());
        if (message instanceof Message.Ping ping) {
            noticeUnknown(from);
            hear(from, ping.stamp());
            return new Message.Pong();
        }
        if (message instanceof Message.SyncRequest sync) {
            noticeUnknown(from);
            hear(from, sync.stamp());
            return onSyncRequest(sync);
        }
        if (message instanceof Message.SyncPage page) {
            noticeUnknown(from);
            hear(from, page.stamp());
            return onSyncPage(page);
        }
        if (message instanceof Message.ViewAdd add && add.address().equals(from)) return onAnnouncement(from, add);
        LinkStamp stamp = stampOf(message);
        Optional<Message.Refused> refused = linkRefusal(from, stamp);
        if (refused.isPresent()) return refused.get();
        hear(from, stamp);
        if (message instanceof Message.Replicate replicate) return onReplicate(replicate);
        if (message instanceof Message.ViewAdd add) {
            addToView(add.address());
            return new Message.Ack();
        }
        if (message instanceof Message.ViewRemove remove) {
            if (!remove.address().equals(address)) removeFromView(remove.address());
            return new Message.Ack();
        }
        throw new IllegalArgumentException("not a request: " + message);
    }

    private static LinkStamp stampOf(Message request) {
        if (request instanceof Message.Replicate m) return m.stamp();
        if (request instanceof Message.ViewAdd m) return m.stamp();
        if (request instanceof Message.ViewRemove m) return m.stamp();
        if (request instanceof Message.SyncRequest m) return m.stamp();
        if (request instanceof Message.Ping m) return m.stamp();
        throw new IllegalArgumentException("not a request: " + request);
    }

    /**
     * Why a write or a view change from {@code from} must not count, if it must not: the sender is
     * outside the view, or the message belongs to an earlier life of the link (older than a stamp
     * already accepted from the sender, or sent before this replica last dropped or admitted it).
     */
    private Optional<Message.Refused> linkRefusal(String from, LinkStamp stamp) {
        Peer peer = peers.get(from);
        if (!view.contains(from) || peer == null) {
            return Optional.of(refusal(Message.Refusal.NOT_IN_VIEW, from + " is not in the view of " + address));
        }
        if (stamp.olderThan(peer.heardIncarnation, peer.heardEpoch)) {
            return Optional.of(refusal(Message.Refusal.STALE_EPOCH, "stamp " + stamp.incarnation() + "/" + stamp.epoch()
                    + " is older than " + peer.heardIncarnation + "/" + peer.heardEpoch + " already heard from " + from));
        }
        if (stamp.peerIncarnation() != config.incarnation() || stamp.peerEpoch() != peer.epoch) {
            return Optional.of(refusal(Message.Refusal.STALE_EPOCH, "sent for link " + stamp.peerIncarnation() + "/"
                    + stamp.peerEpoch() + " but the link of " + address + " to " + from + " is now "
                    + config.incarnation() + "/" + peer.epoch));
        }
        return Optional.empty();
    }

    /**
     * A replica announces itself (it starts): accepted at once, unless the announcement is older than
     * one already heard from that address (a late message from an earlier life).
     */
    private Message onAnnouncement(String from, Message.ViewAdd add) {
        Peer peer = peers.get(from);
        if (peer != null && add.stamp().olderThan(peer.heardIncarnation, peer.heardEpoch)) {
            return refusal(Message.Refusal.STALE_EPOCH, "announcement " + add.stamp().incarnation() + "/"
                    + add.stamp().epoch() + " of " + from + " is older than one already heard");
        }
        addToView(from);
        hear(from, add.stamp());
        if (peers.containsKey(from)) peers.get(from).announcedItself = true;
        PeerLink link = links.get(from);
        // A call at once: a new life of a peer already in the view learns this replica's link epoch
        // from it, and its answer shows the peer answers since its announcement (see drop).
        if (link != null && !link.syncInFlight) requestSync(link);
        return new Message.Ack();
    }

    private void hear(String from, LinkStamp stamp) {
        Peer peer = peers.get(from);
        if (peer != null) peer.hear(stamp);
    }

    private Message.Refused refusal(Message.Refusal reason, String detail) {
        refusals++;
        return new Message.Refused(reason, detail);
    }

    /** A replica that talks to us but is not in our view is probed, and re-admitted when healthy. */
    private void noticeUnknown(String from) {
        if (from.equals(address) || view.contains(from) || probes.containsKey(from)) return;
        makeRoomForAnUnansweredAddress();
        if (view.size() + probes.size() >= limits.knownAddressesMax()) return;
        probes.put(from, new Probe(nowMillis, limits.readmitAfterMillis(), limits.probeIntervalMillis()));
        peers.put(from, new Peer(++lastEpoch, false, nowMillis));
    }

    private Message onReplicate(Message.Replicate replicate) {
        int bufferedBefore = buffer.size();
        for (Version write : replicate.writes()) {
            Check.argument(write.id().origin().equals(replicate.origin()), "write %s in a batch of %s",
                    write.id(), replicate.origin());
            if (applied.get(write.id().origin()) >= write.id().seq()) continue;
            CausalBuffer.Offer offer = buffer.offer(write);
            if (offer == CausalBuffer.Offer.FULL) {
                bufferFullRejections++;
                break;
            }
        }
        deliverBuffered();
        writesBuffered += Math.max(0, buffer.size() - bufferedBefore);
        return new Message.ReplicateAck(replicate.origin(), buffer.acceptedThrough(replicate.origin(), applied));
    }

    private Message onSyncRequest(Message.SyncRequest sync) {
        boolean tombstones = !config.bugs().contains(Bug.DROP_TOMBSTONES_IN_TRANSFER);
        Optional<List<Version>> missing = store.missingFrom(sync.applied(), limits.syncVersionsMax(),
                limits.syncPageBytesMax(), tombstones);
        if (missing.isEmpty()) {
            // too much for one answer: the requester goes on with a paged transfer (SyncPage)
            return new Message.SyncReply(List.of(), applied, lamport, false);
        }
        return new Message.SyncReply(missing.get(), applied, lamport, true);
    }

    /**
     * One page of a paged state transfer. A pass walks the keys in order and sends each key's
     * current version unless the requester holds it already ({@code applied} or the cursor's base
     * cover it). The store changes while the pass goes on, so the pass fixes this replica's clock
     * when it begins ({@code passStart}); at the end of the keys, the versions written since then
     * (not covered by {@code passStart}) go in the last page with the current clock. Every write
     * that clock covers is then held by the requester: one written before the pass began had a
     * key whose version (that write's or a later one) the walk sent; one written after is in the
     * last page, or superseded by a version that is. When those late versions are too many for one
     * page, a new pass begins that skips what the finished one made sure of ({@code base}).
     */
    private Message onSyncPage(Message.SyncPage request) {
        boolean tombstones = !config.bugs().contains(Bug.DROP_TOMBSTONES_IN_TRANSFER);
        Message.SyncCursor cursor = request.cursor();
        VectorClock passStart = cursor.atStart() ? applied : cursor.passStart();
        VectorClock floor = request.applied().merge(cursor.base());
        Store.Page page = store.page(cursor.afterKey(), floor, limits.syncVersionsMax(), limits.syncPageBytesMax(),
                limits.syncScanKeysMax(), tombstones);
        if (!page.exhausted()) {
            return new Message.SyncPageReply(page.versions(), lamport,
                    new Message.SyncCursor(cursor.base(), passStart, page.lastKey()), false, VectorClock.EMPTY);
        }
        long pageBytes = 0;
        for (Version v : page.versions()) pageBytes += v.approximateBytes();
        Optional<List<Version>> late = store.missingFrom(floor.merge(passStart),
                limits.syncVersionsMax() - page.versions().size(), limits.syncPageBytesMax() - pageBytes, tombstones);
        if (late.isEmpty()) {
            return new Message.SyncPageReply(page.versions(), lamport,
                    new Message.SyncCursor(passStart, VectorClock.EMPTY, ""), false, VectorClock.EMPTY);
        }
        List<Version> versions = new ArrayList<>(page.versions());
        versions.addAll(late.get());
        return new Message.SyncPageReply(versions, lamport, cursor, true, applied);
    }

    /** Applies every buffered write that has become deliverable, in a deterministic order. */
    private void deliverBuffered() {
        boolean ignoreDeps = config.bugs().contains(Bug.APPLY_BEFORE_DEPENDENCIES);
        while (true) {
            Optional<Version> next = buffer.takeNext(applied, ignoreDeps);
            if (next.isEmpty()) return;
            applyPeerWrite(next.get());
        }
    }

    private void applyPeerWrite(Version write) {
        Store.Offer offer = store.offer(write);
        if (offer == Store.Offer.INSTALLED_OVER_CONCURRENT || offer == Store.Offer.LOST) conflictsResolved++;
        String origin = write.id().origin();
        applied = applied.with(origin, Math.max(applied.get(origin), write.id().seq()));
        lamport = Math.max(lamport, write.lamport());
        peerWritesApplied++;
    }

    // ---------------------------------------------------------------- answers to our calls

    private void onCallSucceeded(long callId, Message answer) {
        PendingCall call = pendingCalls.remove(callId);
        if (call == null) return; // expired already, or a duplicate answer
        Optional<String> invalid = invalidAnswer(answer);
        if (invalid.isPresent()) {
            // Ignored like a lost answer: nothing it says is taken, and what it answered is asked again.
            log("ignored an invalid answer of " + call.peer() + ": " + invalid.get());
            PeerLink link = links.get(call.peer());
            if (link != null && call.kind() == CallKind.REPLICATE) onReplicateRefused(call.peer());
            if (link != null && call.kind() == CallKind.SYNC) link.syncInFlight = false;
            if (call.kind() == CallKind.SYNC && pagedFrom.equals(Optional.of(call.peer()))) abandonPagedTransfer();
            if (call.kind() == CallKind.PING && probes.containsKey(call.peer())) probes.get(call.peer()).inFlight = false;
            return;
        }
        Peer peer = peers.get(call.peer());
        if (peer != null) {
            peer.answered = true;
            peer.answeredSinceAnnouncement = true;
        }
        switch (call.kind()) {
            case REPLICATE -> {
                if (answer instanceof Message.ReplicateAck ack) onReplicateAck(call.peer(), ack);
                else if (answer instanceof Message.Refused) onReplicateRefused(call.peer());
                else onCallFailed(call, "unexpected answer " + PeerMessageCheck.kind(answer));
            }
            case SYNC -> {
                if (answer instanceof Message.SyncReply reply) {
                    onSyncReply(call.peer(), reply);
                } else if (answer instanceof Message.SyncPageReply page) {
                    onSyncPageReply(call.peer(), page);
                } else if (answer instanceof Message.Refused) {
                    PeerLink link = links.get(call.peer());
                    if (link != null) link.syncInFlight = false;
                    if (pagedFrom.equals(Optional.of(call.peer()))) abandonPagedTransfer();
                } else {
                    onCallFailed(call, "unexpected answer " + PeerMessageCheck.kind(answer));
                }
            }
            case PING -> {
                if (answer instanceof Message.Pong) onProbeAnswered(call.peer());
                else onCallFailed(call, "unexpected answer " + PeerMessageCheck.kind(answer));
            }
            case VIEW_ADD, VIEW_REMOVE -> { }
        }
    }

    private Optional<String> invalidAnswer(Message answer) {
        if (answer instanceof Message.ReplicateAck ack) return check.replicateAck(ack);
        if (answer instanceof Message.SyncReply reply) {
            Optional<String> invalid = check.syncReply(reply, lamport, applied);
            if (invalid.isPresent()) return invalid;
            for (Version v : reply.versions()) {
                Optional<String> storedAs = store.keyOf(v.id());
                if (storedAs.isPresent() && !storedAs.get().equals(v.key())) {
                    return Optional.of("version " + v.id() + " is stored here under another key");
                }
            }
        }
        if (answer instanceof Message.SyncPageReply page) {
            Optional<String> invalid = check.syncPageReply(page, lamport, applied);
            if (invalid.isPresent()) return invalid;
            for (Version v : page.versions()) {
                Optional<String> storedAs = store.keyOf(v.id());
                if (storedAs.isPresent() && !storedAs.get().equals(v.key())) {
                    return Optional.of("version " + v.id() + " is stored here under another key");
                }
            }
        }
        if (answer == null) return Optional.of("no answer");
        return Optional.empty();
    }

    private void onReplicateAck(String peer, Message.ReplicateAck ack) {
        PeerLink link = links.get(peer);
        if (link == null) return;
        link.replicateInFlight = false;
        boolean progress = false;
        if (ack.origin().equals(writerId)) {
            while (!link.outbox.isEmpty() && link.outbox.peekFirst().id().seq() <= ack.acceptedThrough()) {
                link.outbox.pollFirst();
                progress = true;
            }
        }
        if (link.outbox.isEmpty()) return;
        if (progress) {
            sendBatch(link);
        } else {
            link.nextReplicateAtMillis = nowMillis + limits.replicationRetryMillis();
        }
    }

    /** Not a failure: the peer owes us nothing and we resend later, once the link is current again. */
    /**
     * A refused batch is not a failure: it stays in the outbox and is resent later, when the peer
     * has re-admitted us or learned the current epoch of our link.
     */
    private void onReplicateRefused(String peer) {
        PeerLink link = links.get(peer);
        if (link == null) return;
        link.replicateInFlight = false;
        link.nextReplicateAtMillis = nowMillis + limits.replicationRetryMillis();
    }

    private void onSyncReply(String peer, Message.SyncReply reply) {
        PeerLink link = links.get(peer);
        if (link != null) link.syncInFlight = false;
        if (!reply.complete()) {
            if (link != null && pagedFrom.isEmpty()) {
                pagedFrom = Optional.of(peer);
                log("state transfer from " + peer + " is too large for one answer; paging it");
                requestPage(link, Message.SyncCursor.START);
            }
            return;
        }
        install(peer, reply.versions(), reply.applied(), reply.lamport());
    }

    /** Stages a page, and asks for the next one or installs the whole transfer. */
    private void onSyncPageReply(String peer, Message.SyncPageReply page) {
        PeerLink link = links.get(peer);
        if (link != null) link.syncInFlight = false;
        if (link == null || !pagedFrom.equals(Optional.of(peer))) return; // the transfer was abandoned
        // the sender's Lamport counter is at least that of every version it holds (an invariant)
        lamport = Math.max(lamport, page.lamport());
        for (Version version : page.versions()) {
            Version held = staged.get(version.key());
            if (held == null || version.wins(held)) staged.put(version.key(), version);
        }
        if (!page.last()) {
            requestPage(link, page.next());
            return;
        }
        List<Version> all = new ArrayList<>(staged.values());
        abandonPagedTransfer();
        for (Version version : all) {
            if (!version.deps().leq(page.applied())) {
                log("ignored a paged state transfer from " + peer + ": version " + version.id()
                        + " is not covered by its final clock");
                return;
            }
        }
        log("paged state transfer from " + peer + " done: " + all.size() + " versions");
        install(peer, all, page.applied(), page.lamport());
    }

    /** Merges a whole state transfer: versions by the conflict order, then the clock they make true. */
    private void install(String peer, List<Version> versions, VectorClock senderApplied, long senderLamport) {
        if (!versions.isEmpty()) stateTransfers++;
        for (Version version : versions) {
            Store.Offer offer = store.offer(version);
            if (offer == Store.Offer.INSTALLED_OVER_CONCURRENT) conflictsResolved++;
        }
        applied = applied.merge(senderApplied);
        // the sender's Lamport counter is at least that of every version it holds (an invariant)
        lamport = Math.max(lamport, senderLamport);
        if (!caughtUp) {
            caughtUp = true;
            log("caught up from " + peer + " at " + applied);
        }
        deliverBuffered();
    }

    private void requestPage(PeerLink link, Message.SyncCursor cursor) {
        link.nextSyncAtMillis = nowMillis + limits.antiEntropyIntervalMillis();
        if (call(link.address, new Message.SyncPage(applied, cursor, stampFor(link.address)), CallKind.SYNC)) {
            link.syncInFlight = true;
        } else {
            abandonPagedTransfer();
        }
    }

    private void abandonPagedTransfer() {
        pagedFrom = Optional.empty();
        staged.clear();
    }

    private void onProbeAnswered(String peer) {
        Probe probe = probes.get(peer);
        if (probe == null) return;
        probe.inFlight = false;
        probe.intervalMillis = limits.probeIntervalMillis();
        if (probe.healthySinceMillis == Probe.NEVER) probe.healthySinceMillis = nowMillis;
        if (nowMillis - probe.healthySinceMillis >= probe.healthyForMillis) {
            admit(peer);
            readmissions++;
            log("re-admitted " + peer + " after " + (nowMillis - probe.healthySinceMillis) + " ms of healthy probes");
        }
    }

    private void onCallFailed(long callId, String reason) {
        PendingCall call = pendingCalls.remove(callId);
        if (call != null) onCallFailed(call, reason);
    }

    private void onCallFailed(PendingCall call, String reason) {
        if (call.kind() == CallKind.PING) {
            Probe probe = probes.get(call.peer());
            if (probe != null) {
                probe.inFlight = false;
                probe.healthySinceMillis = Probe.NEVER;
                probe.healthyForMillis = limits.readmitAfterMillis();
                probe.intervalMillis = Math.min(2 * probe.intervalMillis, limits.probeBackoffMaxMillis());
                probe.nextProbeAtMillis = Math.max(probe.nextProbeAtMillis, nowMillis + probe.intervalMillis);
            }
            return;
        }
        PeerLink link = links.get(call.peer());
        if (link != null && call.kind() == CallKind.REPLICATE) link.replicateInFlight = false;
        if (link != null && call.kind() == CallKind.SYNC) link.syncInFlight = false;
        if (call.kind() == CallKind.SYNC && pagedFrom.equals(Optional.of(call.peer()))) abandonPagedTransfer();
        Peer peer = peers.get(call.peer());
        if (link != null && peer != null && peer.inGrace(nowMillis)) {
            // Put in the view moments ago and never heard from: a replica still starting gets time.
            link.nextReplicateAtMillis = nowMillis + limits.replicationRetryMillis();
            return;
        }
        if (peer != null && !peer.answered) {
            // Nothing says it ever lived: leave it quietly, without telling the others.
            drop(call.peer(), reason + " (it never answered)", true);
            return;
        }
        peerFailed(call.peer(), reason);
    }

    // ---------------------------------------------------------------- sending

    private void sendBatch(PeerLink link) {
        List<Version> batch = new ArrayList<>(Math.min(link.outbox.size(), limits.replicationBatchWritesMax()));
        Iterator<Version> it = link.outbox.iterator();
        long bytes = 0;
        while (it.hasNext() && batch.size() < limits.replicationBatchWritesMax()) {
            Version next = it.next();
            bytes += next.approximateBytes();
            if (!batch.isEmpty() && bytes > limits.replicationBatchBytesMax()) break;
            batch.add(next);
        }
        if (call(link.address, new Message.Replicate(writerId, batch, stampFor(link.address)), CallKind.REPLICATE)) {
            link.replicateInFlight = true;
        } else {
            link.nextReplicateAtMillis = nowMillis + limits.replicationRetryMillis();
        }
    }

    private void requestSync(PeerLink link) {
        link.nextSyncAtMillis = nowMillis + limits.antiEntropyIntervalMillis();
        if (call(link.address, new Message.SyncRequest(applied, stampFor(link.address)), CallKind.SYNC)) {
            link.syncInFlight = true;
        }
    }

    /** The stamp of a message to {@code peer}, an address this replica knows. */
    LinkStamp stampFor(String peer) {
        Peer known = peers.get(peer);
        Check.that(known != null, "a call to unknown address %s", peer);
        return new LinkStamp(config.incarnation(), known.epoch, known.heardIncarnation, known.heardEpoch);
    }

    /** Asks the driver to call {@code peer}; false when too many calls are outstanding. */
    private boolean call(String peer, Message message, CallKind kind) {
        if (pendingCalls.size() >= limits.pendingCallsMax()) return false;
        long callId = nextCallId++;
        pendingCalls.put(callId, new PendingCall(peer, kind, nowMillis));
        effects.add(new Effect.Call(callId, peer, message));
        return true;
    }

    private void reply(long requestId, Reply reply) {
        effects.add(new Effect.ClientReply(requestId, reply));
    }

    private void log(String line) {
        effects.add(new Effect.Log(line));
    }

    // ---------------------------------------------------------------- inspection

    public String address() {
        return address;
    }

    public String writerId() {
        return writerId;
    }

    public VectorClock applied() {
        return applied;
    }

    public List<String> view() {
        return List.copyOf(view);
    }

    /** Addresses outside the view that this replica probes. */
    public List<String> probed() {
        return List.copyOf(probes.keySet());
    }

    public Optional<Version> version(String key) {
        return store.get(key);
    }

    /** Every key's current version (tombstones included), sorted by key. */
    public SortedMap<String, Version> snapshot() {
        TreeMap<String, Version> all = new TreeMap<>();
        store.forEach(v -> all.put(v.key(), v));
        return all;
    }

    public int bufferedWrites() {
        return buffer.size();
    }

    public int outstandingCalls() {
        return pendingCalls.size();
    }

    /** Writes of this replica not yet accepted by {@code peer}. */
    public int outboxSize(String peer) {
        PeerLink link = links.get(peer);
        return link == null ? 0 : link.outbox.size();
    }

    /** True once this replica has merged one peer's state (or had no peer to ask). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * A canonical text of everything this replica holds (store, clocks, buffer, view, probes, link
     * epochs, outboxes, and, with {@code withCalls}, its outstanding calls and timers), for tests
     * that show an input changed nothing. Counters are not state and are left out.
     */
    public String stateDump(boolean withCalls) {
        StringBuilder sb = new StringBuilder();
        sb.append("applied ").append(applied).append("\nlamport ").append(lamport).append("\ncaughtUp ").append(caughtUp)
                .append("\nlastEpoch ").append(lastEpoch).append("\nview ").append(view).append('\n');
        store.forEach(v -> sb.append("store ").append(v).append('\n'));
        buffer.forEach(v -> sb.append("buffered ").append(v).append('\n'));
        for (Map.Entry<String, Peer> e : peers.entrySet()) {
            Peer p = e.getValue();
            sb.append("peer ").append(e.getKey()).append(" epoch ").append(p.epoch).append(" heard ")
                    .append(p.heardIncarnation).append('/').append(p.heardEpoch).append(" configured ").append(p.configured)
                    .append(" since ").append(p.knownSinceMillis).append(" answered ").append(p.answered).append(" grace ")
                    .append(p.graceUntilMillis).append(" announced ").append(p.announcedAtMillis)
                    .append(p.answeredSinceAnnouncement ? " answered since" : "")
                    .append(p.announcedItself ? " itself" : "").append('\n');
        }
        for (Map.Entry<String, Probe> e : probes.entrySet()) {
            Probe p = e.getValue();
            sb.append("probe ").append(e.getKey()).append(" healthySince ").append(p.healthySinceMillis)
                    .append(" healthyFor ").append(p.healthyForMillis).append(" interval ").append(p.intervalMillis);
            if (withCalls) sb.append(" inFlight ").append(p.inFlight).append(" next ").append(p.nextProbeAtMillis);
            sb.append('\n');
        }
        for (PeerLink link : links.values()) {
            sb.append("link ").append(link.address).append(" outbox");
            for (Version v : link.outbox) sb.append(' ').append(v.id());
            if (withCalls) {
                sb.append(" replicating ").append(link.replicateInFlight).append(" next ").append(link.nextReplicateAtMillis)
                        .append(" syncing ").append(link.syncInFlight).append(" nextSync ").append(link.nextSyncAtMillis);
            }
            sb.append('\n');
        }
        if (withCalls) {
            sb.append("nextCallId ").append(nextCallId).append('\n');
            pendingCalls.forEach((id, c) -> sb.append("call ").append(id).append(' ').append(c).append('\n'));
        }
        return sb.toString();
    }

    public Counters counters() {
        return new Counters(writesAccepted, peerWritesApplied, writesBuffered, notSatisfiedAnswers,
                stateTransfers, conflictsResolved, peersDropped, readmissions, announcementsAccepted,
                outboxOverflows, bufferFullRejections, refusals, addressesForgotten);
    }

    /** Verifies every invariant of the theory of operation; throws on the first broken one. */
    public void checkInvariants() {
        store.checkIndex();
        store.forEach(v -> {
            Check.that(applied.get(v.id().origin()) >= v.id().seq(), "stored %s not covered by %s", v.id(), applied);
            Check.that(v.lamport() <= lamport, "stored %s has lamport %s > %s", v.id(), v.lamport(), lamport);
        });
        buffer.checkInvariants(applied);
        Check.that(pagedFrom.isPresent() || staged.isEmpty(), "versions staged without a paged transfer");
        pagedFrom.ifPresent(peer -> Check.that(links.containsKey(peer), "paged transfer from %s outside the view", peer));
        Check.that(lamport <= limits.counterMax(), "lamport %s past the counter bound", lamport);
        Check.that(view.contains(address), "view %s lacks this replica", view);
        Check.that(links.size() == view.size() - 1, "links %s do not match view %s", links.keySet(), view);
        for (String peer : links.keySet()) Check.that(view.contains(peer), "link to %s outside the view", peer);
        for (String peer : probes.keySet()) Check.that(!view.contains(peer), "probing %s inside the view", peer);
        Check.that(peers.size() == links.size() + probes.size(), "peers %s do not match view %s and probes %s",
                peers.keySet(), view, probes.keySet());
        for (Map.Entry<String, Peer> peer : peers.entrySet()) {
            Check.that(links.containsKey(peer.getKey()) || probes.containsKey(peer.getKey()), "stray peer %s", peer.getKey());
            Check.that(peer.getValue().epoch > 0 && peer.getValue().epoch <= lastEpoch, "epoch of %s out of range", peer.getKey());
        }
        Check.that(view.size() + probes.size() <= limits.knownAddressesMax() + 1, "too many known addresses");
        int unanswered = 0;
        for (Peer peer : peers.values()) unanswered += peer.unanswered() ? 1 : 0;
        Check.that(unanswered <= limits.unansweredAddressesMax(), "%s unanswered addresses known", unanswered);
        Check.that(pendingCalls.size() <= limits.pendingCallsMax(), "too many pending calls");
        for (PeerLink link : links.values()) {
            Check.that(link.outbox.size() <= limits.outboxWritesMax(), "outbox to %s too large", link.address);
            long previous = 0;
            for (Version v : link.outbox) {
                Check.that(v.id().origin().equals(writerId), "outbox holds foreign write %s", v.id());
                Check.that(v.id().seq() > previous && v.id().seq() <= applied.get(writerId), "outbox out of order");
                previous = v.id().seq();
            }
        }
    }
}
