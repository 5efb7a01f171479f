package kvs.core.replica;


import java.util.Optional;

import kvs.core.Limits;
import kvs.core.clock.VectorClock;

/**
 * Validation of every field of every peer message, before a replica acts on it. Each method answers
 * what is wrong, in words, or empty when the message may be acted on. The checks are of ranges,
 * sizes, identifiers and shapes, plus the few facts a message must agree with to be possibly true
 * (a replica replicates only its own writes; a state-transfer answer covers what it sends; nobody
 * can have accepted writes of ours that we never made). Nothing here changes state, so a refused
 * message changes nothing.
 */
final class PeerMessageCheck {
    private final Limits limits;
    private final String writerId;
    /**
     * Whether writer ids are unique to this incarnation, so that no peer can know more writes of ours
     * than we made. Off only under {@link Bug#REUSE_WRITE_IDS_AFTER_RESTART}, whose whole point is to
     * break that premise and let the simulator see what follows.
     */
    private final boolean writerIdsUnique;

    PeerMessageCheck(Limits limits, String writerId, boolean writerIdsUnique) {
        this.limits = limits;
        this.writerId = writerId;
        this.writerIdsUnique = writerIdsUnique;
    }

    // ---------------------------------------------------------------- requests

    /**
     * What is wrong with request {@code message} from {@code from}, for a replica whose Lamport
     * counter is {@code lamport} and whose applied clock is {@code applied}.
     */
    Optional<String> request(String from, Message message, long lamport, VectorClock applied) {
        Optional<String> sender = address("sender", from);
        if (sender.isPresent()) return sender;
        if (message instanceof Message.Ping m) return stamp(m.stamp());
        if (message instanceof Message.SyncRequest m) return first(stamp(m.stamp()), clock("applied", m.applied()));
        if (message instanceof Message.SyncPage m) return first(stamp(m.stamp()), clock("applied", m.applied()), cursor(m.cursor()));
        if (message instanceof Message.ViewAdd m) return first(stamp(m.stamp()), address("address", m.address()));
        if (message instanceof Message.ViewRemove m) return first(stamp(m.stamp()), address("address", m.address()));
        if (message instanceof Message.Replicate m) return first(stamp(m.stamp()), replicate(from, m, lamport, applied));
        return Optional.of("a " + kind(message) + " is an answer, not a request");
    }

    private Optional<String> replicate(String from, Message.Replicate m, long lamport, VectorClock applied) {
        Optional<String> origin = writerId("origin", m.origin());
        if (origin.isPresent()) return origin;
        if (!m.origin().substring(0, m.origin().lastIndexOf('#')).equals(from)) {
            return Optional.of("origin " + m.origin() + " is not a writer id of the sender " + from);
        }
        if (m.origin().equals(writerId)) return Optional.of("writes under this replica's own writer id");
        if (m.writes().isEmpty() || m.writes().size() > limits.replicationBatchWritesMax()) {
            return Optional.of("a batch holds 1 to " + limits.replicationBatchWritesMax() + " writes, not " + m.writes().size());
        }
        long previous = 0;
        for (Version v : m.writes()) {
            if (!v.id().origin().equals(m.origin())) return Optional.of("write " + v.id() + " in a batch of " + m.origin());
            if (v.id().seq() <= previous) return Optional.of("writes of a batch must be in sequence order");
            previous = v.id().seq();
            Optional<String> problem = version(v, lamport);
            if (problem.isPresent()) return problem;
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- answers

    /**
     * What is wrong with {@code ack}, an answer to our replication of this replica's writes. An ack
     * beyond the writes we made is not refused: it only empties that peer's outbox, and the peer
     * still asks for what it lacks by anti-entropy (a restarted peer may know more of an address's
     * writer ids than this life made, under the deliberate bug that reuses them).
     */
    Optional<String> replicateAck(Message.ReplicateAck ack) {
        Optional<String> origin = writerId("origin", ack.origin());
        if (origin.isPresent()) return origin;
        return counter("acceptedThrough", ack.acceptedThrough(), 0);
    }

    /** What is wrong with {@code reply}, an answer to our state request. */
    Optional<String> syncReply(Message.SyncReply reply, long lamport, VectorClock applied) {
        Optional<String> clock = clock("applied", reply.applied());
        if (clock.isPresent()) return clock;
        Optional<String> timestamp = lamport("lamport", reply.lamport(), 0, lamport);
        if (timestamp.isPresent()) return timestamp;
        if (!reply.complete() && !reply.versions().isEmpty()) return Optional.of("an incomplete answer carries versions");
        if (reply.versions().size() > limits.syncVersionsMax()) {
            return Optional.of(reply.versions().size() + " versions, more than " + limits.syncVersionsMax());
        }
        if (writerIdsUnique && reply.applied().get(writerId) > applied.get(writerId)) {
            return Optional.of("claims " + reply.applied().get(writerId) + " writes of " + writerId + ", which made "
                    + applied.get(writerId));
        }
        java.util.TreeSet<WriteId> ids = new java.util.TreeSet<>();
        for (Version v : reply.versions()) {
            if (!ids.add(v.id())) return Optional.of("version " + v.id() + " comes twice");
            Optional<String> problem = version(v, lamport);
            if (problem.isPresent()) return problem;
            if (v.lamport() > reply.lamport()) return Optional.of("version " + v.id() + " is later than the sender's counter");
            if (!v.deps().leq(reply.applied())) return Optional.of("version " + v.id() + " is not covered by the applied clock");
        }
        return Optional.empty();
    }

    /** What is wrong with {@code page}, one page of a paged state transfer we asked for. */
    Optional<String> syncPageReply(Message.SyncPageReply page, long lamport, VectorClock applied) {
        Optional<String> shape = first(lamport("lamport", page.lamport(), 0, lamport), cursor(page.next()),
                clock("applied", page.applied()));
        if (shape.isPresent()) return shape;
        if (page.versions().size() > limits.syncVersionsMax()) {
            return Optional.of(page.versions().size() + " versions, more than " + limits.syncVersionsMax());
        }
        if (!page.last() && !page.applied().equals(VectorClock.EMPTY)) return Optional.of("only the last page carries a clock");
        if (page.applied().get(writerId) > applied.get(writerId)) {
            return Optional.of("claims " + page.applied().get(writerId) + " writes of " + writerId + ", which made "
                    + applied.get(writerId));
        }
        for (Version v : page.versions()) {
            Optional<String> problem = version(v, lamport);
            if (problem.isPresent()) return problem;
            if (v.lamport() > page.lamport()) return Optional.of("version " + v.id() + " is later than the sender's counter");
            if (page.last() && !v.deps().leq(page.applied())) {
                return Optional.of("version " + v.id() + " is not covered by the applied clock");
            }
        }
        return Optional.empty();
    }

    private Optional<String> cursor(Message.SyncCursor cursor) {
        return first(clock("cursor base", cursor.base()), clock("cursor pass-start", cursor.passStart()),
                cursor.atStart() ? Optional.empty() : key(cursor.afterKey()));
    }

    // ---------------------------------------------------------------- fields

    private Optional<String> version(Version v, long lamport) {
        return first(writerId("origin", v.id().origin()),
                counter("seq", v.id().seq(), 1),
                lamport("lamport", v.lamport(), 1, lamport),
                key(v.key()),
                clock("deps", v.deps()),
                v.tombstone() ? Optional.empty() : value(v.value()));
    }

    private Optional<String> stamp(LinkStamp stamp) {
        return first(counter("incarnation", stamp.incarnation(), 0), counter("epoch", stamp.epoch(), 0),
                counter("peer-incarnation", stamp.peerIncarnation(), 0), counter("peer-epoch", stamp.peerEpoch(), 0));
    }

    Optional<String> address(String field, String value) {
        if (value == null || !isAddress(value, 0, value.length())) {
            return Optional.of(field + " is not an address of the form host:port (port 1..65535)");
        }
        return Optional.empty();
    }

    private Optional<String> writerId(String field, String value) {
        int hash = value.lastIndexOf('#');
        if (hash < 0 || !isIncarnation(value, hash + 1) || !isAddress(value, 0, hash)) {
            return Optional.of(field + " is not a writer id of the form host:port#incarnation");
        }
        return Optional.empty();
    }

    /**
     * True when {@code s[from, to)} is {@code host:port} as the driver parses it: a host of
     * {@code [A-Za-z0-9][A-Za-z0-9.-]*}, a port of 1 to 5 digits in 1..65535, at most
     * {@code addressLengthMax} characters. By hand rather than by regular expression: it runs for
     * every writer id of every clock of every message.
     */
    private boolean isAddress(String s, int from, int to) {
        int length = to - from;
        if (length < 3 || length > limits.addressLengthMax()) return false;
        int colon = s.lastIndexOf(':', to - 1);
        if (colon <= from || colon < to - 6 || colon == to - 1) return false;
        if (!isAlphanumeric(s.charAt(from))) return false;
        for (int i = from + 1; i < colon; i++) {
            char c = s.charAt(i);
            if (!isAlphanumeric(c) && c != '.' && c != '-') return false;
        }
        int port = 0;
        for (int i = colon + 1; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65_535;
    }

    /** True when {@code s} from {@code from} to its end is 1 to 13 base-36 digits (lower case). */
    private static boolean isIncarnation(String s, int from) {
        int length = s.length() - from;
        if (length < 1 || length > 13) return false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z')) return false;
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private Optional<String> counter(String field, long value, long min) {
        if (value < min || value > limits.counterMax()) {
            return Optional.of(field + " " + value + " is outside " + min + ".." + limits.counterMax());
        }
        return Optional.empty();
    }

    /** A Lamport timestamp: a counter that also may not lead {@code lamport} by more than the limit. */
    private Optional<String> lamport(String field, long value, long min, long lamport) {
        Optional<String> range = counter(field, value, min);
        if (range.isPresent()) return range;
        if (value - lamport > limits.lamportLeadMax()) {
            return Optional.of(field + " " + value + " leads this replica's " + lamport + " by more than "
                    + limits.lamportLeadMax());
        }
        return Optional.empty();
    }

    private Optional<String> clock(String field, VectorClock clock) {
        if (clock.size() > limits.clockEntriesMax()) {
            return Optional.of(field + " has " + clock.size() + " entries, more than " + limits.clockEntriesMax());
        }
        for (int i = 0; i < clock.size(); i++) {
            Optional<String> problem = first(writerId(field + " entry", clock.id(i)), counter(field + " count", clock.count(i), 1));
            if (problem.isPresent()) return problem;
        }
        return Optional.empty();
    }

    private Optional<String> key(String key) {
        if (key.isEmpty()) return Optional.of("empty key");
        if (key.length() > 2 * limits.keyLengthMax() || key.codePointCount(0, key.length()) > limits.keyLengthMax()) {
            return Optional.of("key longer than " + limits.keyLengthMax() + " characters");
        }
        if (!JsonText.isValidUnicode(key)) return Optional.of("key is not valid Unicode");
        return Optional.empty();
    }

    private Optional<String> value(ValueText value) {
        if (value.length() > limits.clientBodyBytesMax()) {
            return Optional.of("value longer than " + limits.clientBodyBytesMax() + " characters");
        }
        String json = value.text();
        if (!JsonText.isValidUnicode(json)) return Optional.of("value is not valid Unicode");
        if (!JsonText.isOneValue(json, limits.valueDepthMax())) return Optional.of("value is not one JSON value");
        return Optional.empty();
    }

    @SafeVarargs
    private static Optional<String> first(Optional<String>... problems) {
        for (Optional<String> p : problems) {
            if (p.isPresent()) return p;
        }
        return Optional.empty();
    }

    static String kind(Message message) {
        return message == null ? "null message" : message.getClass().getSimpleName();
    }

}
