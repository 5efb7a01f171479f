package kvs.tester;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryEvent.Op;
import kvs.checker.history.HistoryEvent.Type;
import kvs.tester.nemesis.Nemesis.Kill;

/**
 * Which acknowledged writes a crash may have taken, and the history the verdict is computed on.
 *
 * <p>The rule. A write (put or delete) acknowledged ({@code ok}) by replica R is <em>exposed to a
 * crash</em> when the nemesis killed R after the acknowledgement and nothing in the history proves
 * that another replica held the write before it was lost. Proof that replica R' ≠ R held write W
 * is either
 * <ul>
 *   <li>a read served by R' that returned W's value, or</li>
 *   <li>an {@code ok} answer from R' to a session whose metadata named W: the session wrote W, or
 *       read W's value, earlier under the same history id. A replica that answers such a request
 *       (rather than 503) claims it holds W's effects, as causal consistency requires.</li>
 * </ul>
 * The write is attributed to the first kill of R after its acknowledgement. An exposed write that
 * a violation of the recorded history names is given to the checker as {@code info} (its effect is
 * unknown, which is true of a write whose only holder crashed), and the history is checked again,
 * until no violation names an exposed write: those writes are the ones lost with a crash, their
 * absence is no violation, while every other write stays acknowledged and its loss is one. With {@code --strict-durability} the verdict uses the
 * history as recorded. The workload ends every session that got an answer from a replica the
 * moment that replica is killed (its metadata may name a write only that replica held), so no
 * later operation depends on an exposed write.
 */
public final class CrashLoss {
    /** A write exposed to a crash: its completion event's position, what it was, and the kill. */
    public record Exposed(int eventIndex, int operation, HistoryEvent completion, Kill kill) {
        public String describe() {
            return completion.op().wire() + " " + completion.key() + (completion.op() == Op.PUT
                    ? " = " + completion.valueJson().orElse("?") : "") + " by " + completion.session() + ", acknowledged by "
                    + completion.replica().orElse("?") + ", lost with kill #" + kill.faultId() + " of replica "
                    + (kill.member() + 1) + " (" + kill.address() + ")";
        }
    }

    private final List<Exposed> exposed;
    private final List<Object> events;

    private CrashLoss(List<Exposed> exposed, List<Object> events) {
        this.exposed = exposed;
        this.events = events;
    }

    /** Every write exposed to a crash, in history order. */
    public List<Exposed> exposed() {
        return exposed;
    }

    /** The history with every exposed write's completion turned into {@code info}. */
    public List<Object> historyForVerdict() {
        Set<Integer> all = new TreeSet<>();
        for (Exposed x : exposed) {
            all.add(x.operation());
        }
        return historyForVerdict(all);
    }

    /** The history with the completions of the exposed writes among {@code operations} turned into {@code info}. */
    public List<Object> historyForVerdict(Set<Integer> operations) {
        Map<Integer, Exposed> byEvent = new HashMap<>();
        for (Exposed x : exposed) {
            if (operations.contains(x.operation())) {
                byEvent.put(x.eventIndex(), x);
            }
        }
        List<Object> forVerdict = new ArrayList<>(events.size());
        for (int index = 0; index < events.size(); index++) {
            Exposed x = byEvent.get(index);
            if (x == null) {
                forVerdict.add(events.get(index));
            } else {
                HistoryEvent c = x.completion();
                forVerdict.add(new HistoryEvent(Type.INFO, c.session(), c.op(), c.key(), c.valueJson(), c.found(), c.replica(),
                        c.metadataJson(), c.timeNanos(), c.finalRead(), c.status(),
                        Optional.of("acknowledged only by a replica killed before another was seen to hold it (fault #"
                                + x.kill().faultId() + ")"), c.unexpected()));
            }
        }
        return forVerdict;
    }

    private static final class Write {
        final int eventIndex;
        final int operation;
        final HistoryEvent completion;
        final String replica;
        boolean heldElsewhere;

        Write(int eventIndex, int operation, HistoryEvent completion) {
            this.eventIndex = eventIndex;
            this.operation = operation;
            this.completion = completion;
            this.replica = completion.replica().orElse("");
        }
    }

    /** Applies the rule to {@code events} (operations and faults, in recording order). */
    public static CrashLoss analyze(List<Object> events, List<Kill> kills) {
        Map<String, Write> writerOfValue = new HashMap<>();
        Map<String, List<Write>> named = new HashMap<>();
        Map<String, Integer> openOperation = new HashMap<>();
        List<Write> writes = new ArrayList<>();
        int operations = 0;
        for (int index = 0; index < events.size(); index++) {
            if (!(events.get(index) instanceof HistoryEvent e)) {
                continue;
            }
            if (e.isInvoke()) {
                openOperation.put(e.session(), operations++);
                continue;
            }
            Integer operation = openOperation.remove(e.session());
            if (e.type() != Type.OK || operation == null) {
                continue;
            }
            String replica = e.replica().orElse("");
            List<Write> sessionNames = named.computeIfAbsent(e.session(), s -> new ArrayList<>());
            // an ok answer from this replica proves it holds what the session's metadata names
            sessionNames.removeIf(w -> {
                if (!w.replica.equals(replica)) {
                    w.heldElsewhere = true;
                    return true;
                }
                return w.heldElsewhere;
            });
            if (e.op() == Op.PUT || e.op() == Op.DELETE) {
                Write w = new Write(index, operation, e);
                writes.add(w);
                sessionNames.add(w);
                if (e.op() == Op.PUT) {
                    e.valueJson().ifPresent(v -> writerOfValue.put(v, w));
                }
            } else if (e.found() && e.valueJson().isPresent()) {
                Write source = writerOfValue.get(e.valueJson().get());
                if (source != null) {
                    if (!source.replica.equals(replica)) {
                        source.heldElsewhere = true;
                    } else if (!source.heldElsewhere) {
                        sessionNames.add(source);
                    }
                }
            }
        }
        List<Exposed> exposed = new ArrayList<>();
        for (Write w : writes) {
            if (w.heldElsewhere) {
                continue;
            }
            Optional<Kill> kill = firstKillAfter(kills, w.replica, w.completion.timeNanos());
            kill.ifPresent(k -> exposed.add(new Exposed(w.eventIndex, w.operation, w.completion, k)));
        }
        return new CrashLoss(List.copyOf(exposed), List.copyOf(events));
    }

    private static Optional<Kill> firstKillAfter(List<Kill> kills, String replica, long timeNanos) {
        Kill first = null;
        for (Kill k : kills) {
            if (k.address().equals(replica) && k.timeNanos() > timeNanos && (first == null || k.timeNanos() < first.timeNanos())) {
                first = k;
            }
        }
        return Optional.ofNullable(first);
    }
}
