package kvs.tester;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryEvent.Op;
import kvs.cli.Json;
import kvs.cli.http.HttpOutcome;
import kvs.cli.http.ReplicaAddress;
import kvs.cli.http.ReplicaClient;
import kvs.cli.op.ClientSession;
import kvs.cli.op.OpResult;
import kvs.cli.op.OperationRunner;
import kvs.cli.op.RetryPolicy;

/**
 * Waits, after the faults are healed, until the cluster is quiescent: every replica's view holds
 * every member, and two consecutive rounds of reads (every key at every replica, no metadata)
 * agree, within each round across replicas and from one round to the next. Only then is the last
 * round recorded in the history, as its final reads. A cluster that does not get there within the
 * converge timeout is a convergence failure; its last round (the diverging values per replica) is
 * reported and never recorded as final reads.
 */
public final class Quiescence {
    /** A round: replica → key → what it answered ({@code "1"}, {@code (absent)}, {@code (error: ...)}). */
    public record Round(Map<String, Map<String, String>> values, List<HistoryEvent> events) {}

    /**
     * @param converged whether two agreeing rounds came in time
     * @param last the last round made (its events are the final reads when converged)
     * @param viewProblems the replicas whose view was not complete at the end (empty when all were)
     * @param viewNote a note when views could not be checked (an implementation without {@code GET /view})
     */
    public record Result(boolean converged, int rounds, long elapsedMillis, Round last, List<String> viewProblems,
                         Optional<String> viewNote) {
        /** The keys whose values differ between replicas in the last round, with each replica's value. */
        public Map<String, Map<String, String>> diverging() {
            return Quiescence.diverging(last.values());
        }
    }

    static final String ABSENT = "(absent)";
    private static final Duration ROUND_PAUSE = Duration.ofMillis(300);

    private final ReplicaClient client;
    private final List<String> keys;
    private final Duration timeout;

    public Quiescence(ReplicaClient client, List<String> keys, Duration timeout) {
        this.client = client;
        this.keys = List.copyOf(keys);
        this.timeout = timeout;
    }

    /** Polls the members (all live) until quiescent or the timeout; {@code finalSession} names the readers. */
    public Result await(List<String> members, java.util.function.IntFunction<String> finalSession) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Round previous = null;
        Round last = null;
        int rounds = 0;
        List<String> viewProblems = List.of();
        Optional<String> viewNote = Optional.empty();
        while (true) {
            ViewCheck views = checkViews(members);
            viewProblems = views.problems();
            viewNote = views.note();
            last = readRound(members, finalSession);
            rounds++;
            if (viewProblems.isEmpty() && previous != null && quiescent(previous.values(), last.values())) {
                return new Result(true, rounds, (System.nanoTime() - start) / 1_000_000, last, viewProblems, viewNote);
            }
            if (System.nanoTime() - deadline > 0) {
                return new Result(false, rounds, (System.nanoTime() - start) / 1_000_000, last, viewProblems, viewNote);
            }
            previous = last;
            Thread.sleep(ROUND_PAUSE.toMillis());
        }
    }

    /** Two rounds make quiescence when each agrees across replicas (no errors) and they are equal. */
    static boolean quiescent(Map<String, Map<String, String>> previous, Map<String, Map<String, String>> current) {
        return agrees(previous) && agrees(current) && previous.equals(current);
    }

    /** Every replica gave every key the same answer, and none was an error. */
    static boolean agrees(Map<String, Map<String, String>> round) {
        Map<String, String> first = null;
        for (Map<String, String> values : round.values()) {
            for (String v : values.values()) {
                if (v.startsWith("(error")) {
                    return false;
                }
            }
            if (first == null) {
                first = values;
            } else if (!first.equals(values)) {
                return false;
            }
        }
        return true;
    }

    /** Keys on which replicas differ (or errored), with every replica's answer. */
    static Map<String, Map<String, String>> diverging(Map<String, Map<String, String>> round) {
        Map<String, Map<String, String>> byKey = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> replica : round.entrySet()) {
            for (Map.Entry<String, String> kv : replica.getValue().entrySet()) {
                byKey.computeIfAbsent(kv.getKey(), k -> new TreeMap<>()).put(replica.getKey(), kv.getValue());
            }
        }
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> e : byKey.entrySet()) {
            boolean error = false;
            for (String v : e.getValue().values()) {
                error |= v.startsWith("(error");
            }
            if (error || new TreeSet<>(e.getValue().values()).size() > 1) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private Round readRound(List<String> members, java.util.function.IntFunction<String> finalSession) {
        List<HistoryEvent> events = new ArrayList<>();
        OperationRunner runner = new OperationRunner(client, event -> {
            synchronized (events) {
                events.add(event);
            }
        }, RetryPolicy.waitingMillis(0));
        Map<String, Map<String, String>> values = new TreeMap<>();
        for (int r = 0; r < members.size(); r++) {
            ReplicaAddress replica = ReplicaAddress.parse(members.get(r));
            ClientSession reader = ClientSession.fresh(finalSession.apply(r));
            Map<String, String> mine = new TreeMap<>();
            for (String key : keys) {
                OpResult result = runner.run(reader, Op.GET, key, Optional.empty(), List.of(replica), true);
                mine.put(key, describe(result));
            }
            values.put(members.get(r), mine);
        }
        return new Round(values, events);
    }

    static String describe(OpResult result) {
        if (result instanceof OpResult.Done done) {
            return done.value().map(Json::compact).orElse("(no value)");
        }
        if (result instanceof OpResult.NotFound) {
            return ABSENT;
        }
        if (result instanceof OpResult.Unavailable u) {
            return "(error: " + u.message() + ")";
        }
        if (result instanceof OpResult.OutcomeUnknown u) {
            return "(error: " + u.message() + ")";
        }
        if (result instanceof OpResult.BadResponse b) {
            return "(error: " + b.message() + ")";
        }
        if (result instanceof OpResult.Rejected r) {
            return "(error: " + r.message() + ")";
        }
        return "(error: " + result + ")";
    }

    private record ViewCheck(List<String> problems, Optional<String> note) {}

    private ViewCheck checkViews(List<String> members) {
        List<String> problems = new ArrayList<>();
        Optional<String> note = Optional.empty();
        TreeSet<String> expected = new TreeSet<>(members);
        for (String member : members) {
            HttpOutcome outcome = client.send(ReplicaAddress.parse(member), "GET", "/view", Optional.empty());
            if (outcome instanceof HttpOutcome.Answered a) {
                if (a.status() == 404 || a.status() == 405 || a.status() == 501) {
                    note = Optional.of("the replicas do not serve GET /view (HTTP " + a.status()
                            + "): views were not checked, only the reads");
                    continue;
                }
                JsonNode view = a.body().map(b -> b.path("view")).orElse(null);
                if (a.status() != 200 || view == null || !view.isArray()) {
                    problems.add(member + ": GET /view answered HTTP " + a.status() + " " + a.rawBody());
                    continue;
                }
                TreeSet<String> seen = new TreeSet<>();
                view.forEach(n -> seen.add(n.asText()));
                if (!seen.equals(expected)) {
                    problems.add(member + ": view " + seen + ", expected " + expected);
                }
            } else {
                problems.add(member + ": GET /view got no answer (" + outcome + ")");
            }
        }
        return new ViewCheck(problems, note);
    }
}
