package kvs.checker.causal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import kvs.checker.history.FaultEvent;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryFormatException;
import kvs.checker.history.RawEvent;

/**
 * A history in compact form: one entry per operation (in order of invocation), with sessions,
 * keys and replicas interned as small ints. Built event by event, so a file is never held in
 * memory as objects. Metadata is dropped: the checker judges values only.
 *
 * <p>Pairing rule: a completion belongs to the open invocation of its session; a session has at
 * most one operation open at a time. An operation still open at the end of the file counts as
 * {@code info} (it may or may not have taken effect).
 */
public final class History {
    public static final byte PUT = 0, GET = 1, DELETE = 2;
    public static final byte PENDING = 0, OK = 1, FAIL = 2, INFO = 3;

    final List<String> sessionNames = new ArrayList<>();
    final List<String> keyNames = new ArrayList<>();
    final List<String> replicaNames = new ArrayList<>();
    private final Map<String, Integer> sessionIds = new HashMap<>();
    private final Map<String, Integer> keyIds = new HashMap<>();
    private final Map<String, Integer> replicaIds = new HashMap<>();
    private final IntList openOp = new IntList();
    private final IntList lastOutcomeInfo = new IntList();

    final IntList session = new IntList(1024);
    final IntList key = new IntList(1024);
    final IntList replica = new IntList(1024);
    final IntList kindOutcomeFlags = new IntList(1024);
    final LongList invokeTime = new LongList();
    final LongList completeTime = new LongList();
    final List<String> value = new ArrayList<>(1024);
    private final List<FaultEvent> faults = new ArrayList<>();
    private final IntList unexpectedOps = new IntList();
    private final List<String> unexpectedTexts = new ArrayList<>();
    private int events;

    /** Adds the next event of the file; {@code lineNumber} names the line in errors. */
    public void add(HistoryEvent e, long lineNumber) {
        add(e.type(), e.session(), e.op(), e.key(), e.valueJson().orElse(null), e.found(), e.replica().orElse(null),
                e.timeNanos(), e.finalRead(), e.unexpected().orElse(null), lineNumber);
    }

    /** Adds the next event, as the streaming reader hands it over; a fault line is kept aside. */
    public void add(RawEvent e, long lineNumber) {
        if (e.isFault()) {
            addFault(e.fault);
            return;
        }
        add(e.type, e.session, e.op, e.key, e.value, e.found, e.replica, e.timeNanos, e.finalRead, e.unexpected,
                lineNumber);
    }

    /** Adds a fault of the nemesis: shown by reports, ignored by every verdict. */
    public void addFault(FaultEvent fault) {
        faults.add(fault);
    }

    /** The faults of the nemesis, by time (file order among equal times). */
    public List<FaultEvent> faults() {
        List<FaultEvent> byTime = new ArrayList<>(faults);
        byTime.sort(java.util.Comparator.comparingLong(FaultEvent::timeNanos));
        return byTime;
    }

    /** How many completions were answers the API does not allow (see {@link #unexpectedText}). */
    public int unexpectedCount() {
        return unexpectedOps.size();
    }

    /** The operation of the {@code i}-th unexpected answer, in file order. */
    public int unexpectedOp(int i) {
        return unexpectedOps.get(i);
    }

    /** The description of the {@code i}-th unexpected answer (status, content type, first bytes). */
    public String unexpectedText(int i) {
        return unexpectedTexts.get(i);
    }

    private void add(HistoryEvent.Type type, String sessionName, HistoryEvent.Op opKind, String keyText, String valueText,
                     boolean isFound, String replicaText, long time, boolean finalRead, String unexpected,
                     long lineNumber) {
        events++;
        int s = sessionIds.computeIfAbsent(sessionName, name -> {
            sessionNames.add(name);
            openOp.add(-1);
            lastOutcomeInfo.add(-1);
            return sessionNames.size() - 1;
        });
        if (type == HistoryEvent.Type.INVOKE) {
            int open = openOp.get(s);
            if (open >= 0) {
                throw new HistoryFormatException(lineNumber, "session \"" + sessionName + "\" invokes a new operation while operation #"
                        + open + " is still open (a session has at most one operation open)");
            }
            if (lastOutcomeInfo.get(s) >= 0) {
                // The format says a client that goes on after an info uses a new session id. A
                // writer that does not is read as if it had: the continuation becomes a session of
                // its own (dropping that session-order edge can only hide violations, never invent one).
                s = continuation(sessionName, s);
            }
            int op = session.size();
            session.add(s);
            key.add(keyIds.computeIfAbsent(keyText, k -> {
                keyNames.add(k);
                return keyNames.size() - 1;
            }));
            replica.add(replicaText == null ? -1 : replicaId(replicaText));
            kindOutcomeFlags.add(kindOf(opKind) | (finalRead ? FINAL_FLAG : 0));
            invokeTime.add(time);
            completeTime.add(Long.MAX_VALUE);
            value.add(opKind == HistoryEvent.Op.PUT && valueText != null ? valueText : "");
            openOp.set(s, op);
            return;
        }
        int op = openOp.get(s);
        if (op < 0) {
            throw new HistoryFormatException(lineNumber, "a completion (" + type.wire() + ") for session \"" + sessionName
                    + "\", which has no open operation");
        }
        if (kind(op) != kindOf(opKind) || !keyNames.get(key.get(op)).equals(keyText)) {
            throw new HistoryFormatException(lineNumber, "the completion (" + opKind.wire() + " " + keyText
                    + ") does not match the open operation #" + op + " of session \"" + sessionName + "\"");
        }
        openOp.set(s, -1);
        int outcome = switch (type) {
            case OK -> OK;
            case FAIL -> FAIL;
            case INFO -> INFO;
            case INVOKE -> throw new IllegalStateException("unreachable");
        };
        if (outcome == INFO) lastOutcomeInfo.set(s, op);
        int flags = kindOutcomeFlags.get(op) | (outcome << 2);
        if (kind(op) == GET && outcome == OK) {
            if (isFound) {
                if (valueText == null) throw new HistoryFormatException(lineNumber, "a found get needs a value");
                flags |= FOUND_FLAG;
                value.set(op, valueText);
            }
        }
        if (finalRead) flags |= FINAL_FLAG;
        kindOutcomeFlags.set(op, flags);
        completeTime.set(op, time);
        if (unexpected != null) {
            unexpectedOps.add(op);
            unexpectedTexts.add(unexpected);
        }
        if (replicaText != null) replica.set(op, replicaId(replicaText));
    }

    private int continuations;

    private int continuation(String name, int ended) {
        int generation = 1;
        String internal;
        do {
            internal = name + "~" + generation++;
        } while (sessionIds.containsKey(internal));
        sessionNames.add(internal);
        openOp.add(-1);
        lastOutcomeInfo.add(-1);
        int id = sessionNames.size() - 1;
        sessionIds.put(name, id);
        sessionIds.put(internal, id);
        continuations++;
        return id;
    }

    /** How many sessions went on after an info and were split (see {@link #add}). */
    public int continuations() {
        return continuations;
    }

    private static final int FOUND_FLAG = 1 << 4, FINAL_FLAG = 1 << 5;

    private static int kindOf(HistoryEvent.Op op) {
        return switch (op) {
            case PUT -> PUT;
            case GET -> GET;
            case DELETE -> DELETE;
        };
    }

    private int replicaId(String name) {
        return replicaIds.computeIfAbsent(name, r -> {
            replicaNames.add(r);
            return replicaNames.size() - 1;
        });
    }

    public int size() {
        return session.size();
    }

    /** Keys are numbered from 0 in order of first appearance. */
    public int keyIdOf(int op) {
        return key.get(op);
    }

    public int sessionOf(int op) {
        return session.get(op);
    }

    public String sessionNameAt(int s) {
        return sessionNames.get(s);
    }

    public int keyCount() {
        return keyNames.size();
    }

    public String value(int op) {
        return value.get(op);
    }

    public long invokeNanos(int op) {
        return invokeTime.get(op);
    }

    /** Completion time; the invocation time for an operation that never completed. */
    public long completeNanos(int op) {
        long t = completeTime.get(op);
        return t == Long.MAX_VALUE ? invokeTime.get(op) : t;
    }

    public int eventCount() {
        return events;
    }

    public int sessionCount() {
        return sessionNames.size();
    }

    public int kind(int op) {
        return kindOutcomeFlags.get(op) & 3;
    }

    /** PENDING (never completed: counts as INFO), OK, FAIL or INFO. */
    public int outcome(int op) {
        int o = (kindOutcomeFlags.get(op) >> 2) & 3;
        return o == PENDING ? INFO : o;
    }

    public boolean pending(int op) {
        return ((kindOutcomeFlags.get(op) >> 2) & 3) == PENDING;
    }

    public boolean found(int op) {
        return (kindOutcomeFlags.get(op) & FOUND_FLAG) != 0;
    }

    public boolean isFinal(int op) {
        return (kindOutcomeFlags.get(op) & FINAL_FLAG) != 0;
    }

    public String sessionName(int op) {
        return sessionNames.get(session.get(op));
    }

    public String keyName(int op) {
        return keyNames.get(key.get(op));
    }

    public String replicaName(int op) {
        int r = replica.get(op);
        return r < 0 ? "no replica" : replicaNames.get(r);
    }

    public static String kindName(int kind) {
        return switch (kind) {
            case PUT -> "put";
            case GET -> "get";
            default -> "delete";
        };
    }

    public static String outcomeName(int outcome) {
        return switch (outcome) {
            case OK -> "ok";
            case FAIL -> "fail";
            case INFO -> "info";
            default -> "pending";
        };
    }
}
