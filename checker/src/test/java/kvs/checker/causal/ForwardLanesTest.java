package kvs.checker.causal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryEvent.Op;
import kvs.checker.history.HistoryEvent.Type;
import kvs.checker.tools.Generator;
import kvs.checker.tools.Generator.Anomaly;
import kvs.checker.tools.Generator.Params;

/**
 * The dense forward pass splits the sessions among lanes on several threads and merges what they
 * found; what the analysis reports must be what one thread reports, item for item and in order:
 * findings (with the session-guarantee classifications, bounded to the first violating reads
 * overall), notes, conflict edges, the reads found violating, and cm on top of them.
 */
class ForwardLanesTest {
    @Test
    void lanesReportWhatOneThreadReportsOnGeneratedHistories() {
        int compared = 0, withCc = 0, budgets = 0;
        for (Anomaly anomaly : Anomaly.values()) {
            for (long seed = 0; seed < 12; seed++) {
                List<HistoryEvent> events = new ArrayList<>();
                Generator.generate(new Params(800, 7, 3, 3, seed, anomaly, 0.02), events::add);
                History h = history(events);
                String one = report(h, 1, -1);
                for (int lanes : new int[] {2, 3}) {
                    assertEquals(one, report(h, lanes, -1), anomaly + ", seed " + seed + ", " + lanes + " lanes");
                    compared++;
                }
                if (one.contains("cc:WriteCORead")) withCc++;
                // A cm budget that runs out part-way: the lanes' sessions go to cm in the order they end, as on one thread.
                long steps = Long.parseLong(one.substring(one.lastIndexOf(' ') + 1));
                if (anomaly == Anomaly.NONE && steps > 10) {
                    for (long budget : new long[] {steps / 2, steps / 4}) {
                        String cut = report(h, 1, budget);
                        assertTrue(cut.contains("cm incomplete true"), cut);
                        assertEquals(cut, report(h, 2, budget), "seed " + seed + ", a budget of " + budget);
                        budgets++;
                    }
                }
            }
        }
        assertTrue(compared == 120 && withCc >= 12 && budgets >= 10, "compared " + compared + ", with WriteCORead " + withCc + ", cut " + budgets);
    }

    /**
     * A store that returns any earlier value of a key (or none) breaks causality everywhere: many
     * violating reads in every lane, conflict edges, cm findings, and (the long ones) more violating
     * reads than are classified into session guarantees, so the merge must keep the first ones overall.
     */
    @Test
    void lanesReportWhatOneThreadReportsOnAFaultyStore() {
        int compared = 0, bounded = 0, withCm = 0;
        for (long seed = 0; seed < 10; seed++) {
            History h = faultyStore(seed, seed < 2 ? 6000 : 1500, 6 + (int) seed, 3 + (int) (seed % 3));
            String one = report(h, 1, -1);
            for (int lanes : new int[] {2, 4}) {
                assertEquals(one, report(h, lanes, -1), "seed " + seed + ", " + lanes + " lanes");
                compared++;
            }
            if (one.contains("classified for the first")) bounded++;
            if (one.contains("\ncm:")) withCm++;
        }
        assertTrue(compared == 20 && bounded >= 2 && withCm >= 3, "compared " + compared + ", bounded " + bounded + ", with cm " + withCm);
    }

    /**
     * When the conflict edges reach their cap, ccv and cm cannot be decided: every forward pass
     * (sparse rows, dense rows on one thread, dense rows in lanes) must say so.
     */
    @Test
    void aFullConflictEdgeCapIsReportedByEveryForwardPass() {
        History h = faultyStore(3, 1500, 6, 3);
        for (int[] shape : new int[][] {{0, 1}, {Analysis.DENSE_SESSIONS_MAX, 1}, {Analysis.DENSE_SESSIONS_MAX, 2}}) {
            Analysis free = new Analysis(h, System.nanoTime() + 60_000_000_000L);
            free.denseSessionsMax = shape[0];
            free.forwardLanes = shape[1];
            free.forwardLanesMinOps = 0;
            free.run();
            assertTrue(!free.cfOverflow && free.conflictEdges()[0].length > 10, "edges without a cap: " + free.conflictEdges()[0].length);
            Analysis capped = new Analysis(h, System.nanoTime() + 60_000_000_000L);
            capped.denseSessionsMax = shape[0];
            capped.forwardLanes = shape[1];
            capped.forwardLanesMinOps = 0;
            capped.cfEdgesMax = 6;
            capped.run();
            assertTrue(capped.cfOverflow, "sessions dense up to " + shape[0] + ", " + shape[1] + " lane(s): the cap is reported");
            assertTrue(capped.conflictEdges()[0].length <= 6, "at most the cap is kept");
        }
    }

    /** However the pass ends (the time limit in any lane, or none), no lane's thread is left running. */
    @Test
    void noLaneOutlivesItsCheck() {
        History h = faultyStore(7, 20_000, 9, 5);
        int timedOut = 0, finished = 0;
        for (int i = 0; i < 30; i++) {
            Analysis a = new Analysis(h, System.nanoTime() + i * 3_000_000L);
            a.forwardLanes = 3;
            a.forwardLanesMinOps = 0;
            try {
                a.run();
                if (a.forwardLanesUsed == 3) finished++;
            } catch (TimeUp e) {
                timedOut++;
            }
            long alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("kvs-check-forward-") || t.getName().startsWith("kvs-check-cm-")).count();
            assertEquals(0, alive, "threads alive after check " + i);
        }
        assertTrue(timedOut > 0 && finished > 0, "timed out " + timedOut + ", finished in lanes " + finished);
    }

    static History history(List<HistoryEvent> events) {
        History h = new History();
        int line = 0;
        for (HistoryEvent e : events) h.add(e, ++line);
        return h;
    }

    /**
     * Sessions on a store that answers a read with the latest value of the key half of the time,
     * and otherwise with any earlier one or none (an absent read); puts, deletes, and a few
     * operations that fail or whose outcome is unknown.
     */
    static History faultyStore(long seed, int ops, int sessions, int keys) {
        Random random = new Random(seed);
        List<List<String>> written = new ArrayList<>(); // per key, its values in order; null for a delete
        for (int x = 0; x < keys; x++) written.add(new ArrayList<>());
        List<HistoryEvent> events = new ArrayList<>();
        long time = 0;
        int value = 0;
        for (int i = 0; i < ops; i++) {
            String session = "c" + random.nextInt(sessions);
            int x = random.nextInt(keys);
            String key = "k" + x;
            Optional<String> replica = Optional.of("r" + random.nextInt(3));
            int dice = random.nextInt(100);
            Type outcome = dice < 2 ? Type.FAIL : dice < 4 ? Type.INFO : Type.OK;
            int kind = random.nextInt(10);
            time += 1000;
            if (kind < 3) {
                Optional<String> v = Optional.of(Integer.toString(++value));
                HistoryEvent inv = HistoryEvent.invoke(session, Op.PUT, key, v, replica, Optional.empty(), time, false);
                events.add(inv);
                events.add(inv.complete(outcome, v, false, replica, Optional.empty(), time + 500, outcome == Type.OK ? 201 : 0, Optional.empty()));
                if (outcome != Type.FAIL) written.get(x).add(v.get());
            } else if (kind < 4) {
                HistoryEvent inv = HistoryEvent.invoke(session, Op.DELETE, key, Optional.empty(), replica, Optional.empty(), time, false);
                events.add(inv);
                events.add(inv.complete(outcome, Optional.empty(), false, replica, Optional.empty(), time + 500, outcome == Type.OK ? 200 : 0, Optional.empty()));
                if (outcome == Type.OK) written.get(x).add(null);
            } else {
                List<String> values = written.get(x);
                String read = null;
                if (!values.isEmpty()) read = values.get(random.nextBoolean() ? values.size() - 1 : random.nextInt(values.size()));
                HistoryEvent inv = HistoryEvent.invoke(session, Op.GET, key, Optional.empty(), replica, Optional.empty(), time, false);
                events.add(inv);
                Type getOutcome = outcome == Type.INFO ? Type.OK : outcome;
                events.add(inv.complete(getOutcome, Optional.ofNullable(read), read != null, replica, Optional.empty(), time + 500,
                        getOutcome != Type.OK ? 0 : read != null ? 200 : 404, Optional.empty()));
            }
        }
        return history(events);
    }

    /** Everything the analysis reports and the conflict edges it found, as text (cm's steps last); a negative budget: the default. */
    static String report(History h, int lanes, long cmBudget) {
        Analysis a = new Analysis(h, System.nanoTime() + 60_000_000_000L);
        a.forwardLanes = lanes;
        a.cmBudget = cmBudget;
        a.forwardLanesMinOps = 0;
        a.run();
        assertEquals(lanes, a.forwardLanesUsed, "the dense forward pass ran in " + lanes + " lanes");
        StringBuilder out = new StringBuilder();
        for (Finding f : a.findings) out.append(f.check()).append(':').append(f.pattern()).append(':').append(f.groupKey()).append(Arrays.toString(f.ops())).append('\n');
        int[][] cf = a.conflictEdges();
        out.append("edges ").append(Arrays.toString(cf[0])).append(Arrays.toString(cf[1])).append(Arrays.toString(cf[2])).append('\n');
        out.append("violating ").append(a.violatingRead).append('\n');
        out.append("justified ").append(a.hbJustification.keySet().stream().map(Object::toString).sorted().toList()).append('\n');
        return out + " notes " + a.notes + " cm incomplete " + a.cmIncomplete + " cm steps " + a.cmStepsSpent;
    }
}
