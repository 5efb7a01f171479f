package kvs.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import kvs.checker.history.HistoryEvent;
import kvs.sim.world.Fault;
import kvs.sim.world.SimConfig;
import kvs.sim.world.World;
import kvs.sim.world.WorldResult;

class WorldTest {

    private static SimConfig config(long seed, Set<Fault> faults) {
        return new SimConfig(seed, 3, 4, 600, 5, faults, false, Set.of(), 1.0, Integer.MAX_VALUE, 20_000);
    }

    @Test
    void aFaultFreeRunQuiescesAndEveryReplicaAnswersTheSameFinalReads() {
        WorldResult result = new World(config(7, Set.of()), false).run();
        assertEquals(WorldResult.End.COMPLETED, result.end(), result.detail());
        TreeMap<String, Set<String>> answersByKey = new TreeMap<>();
        int finalCompletions = 0;
        for (HistoryEvent e : result.history()) {
            if (e.finalRead() && !e.isInvoke()) {
                finalCompletions++;
                assertEquals(HistoryEvent.Type.OK, e.type());
                answersByKey.computeIfAbsent(e.key(), k -> new HashSet<>()).add(e.valueJson().orElse("absent"));
            }
        }
        assertEquals(3 * 5, finalCompletions);
        answersByKey.forEach((key, answers) -> assertEquals(1, answers.size(), key + " read differently: " + answers));
        assertTrue(result.convergedAfterMillis() >= 0);
        assertEquals(0, result.coverage().getOrDefault("client.info", 0L));
    }

    @Test
    void everyOperationCompletesOnceAndWrittenValuesAreUnique() {
        WorldResult result = new World(config(8, EnumSet.allOf(Fault.class)), false).run();
        assertEquals(WorldResult.End.COMPLETED, result.end(), result.detail());
        TreeMap<String, Integer> open = new TreeMap<>();
        Set<String> written = new HashSet<>();
        for (HistoryEvent e : result.history()) {
            if (e.isInvoke()) {
                assertEquals(0, open.getOrDefault(e.session(), 0), "two operations in flight in " + e.session());
                open.put(e.session(), 1);
                if (e.op() == HistoryEvent.Op.PUT) assertTrue(written.add(e.valueJson().orElseThrow()), "value reused");
            } else {
                assertEquals(1, open.getOrDefault(e.session(), 0), "completion without invocation in " + e.session());
                open.put(e.session(), 0);
            }
        }
        open.forEach((session, n) -> assertEquals(0, n, session + " left an operation open"));
        assertTrue(written.size() > 100);
    }

    @Test
    void crashedReplicasRestartWithALargerIncarnationAndInfoStartsANewSession() {
        // Crashes happen in most seeds with crash faults; find one where a client saw an info.
        for (long seed = 1; seed <= 40; seed++) {
            WorldResult result = new World(config(seed, EnumSet.of(Fault.CRASH)), true).run();
            assertEquals(WorldResult.End.COMPLETED, result.end(), result.detail());
            if (result.coverage().getOrDefault("client.info", 0L) == 0) continue;
            assertTrue(result.trace().stream().anyMatch(l -> l.contains("START incarnation 2")));
            List<HistoryEvent> history = result.history();
            for (int i = 0; i < history.size(); i++) {
                HistoryEvent e = history.get(i);
                if (e.type() != HistoryEvent.Type.INFO) continue;
                String next = nextSessionOfClient(history, i, e.session());
                assertNotEquals(e.session(), next, "the session went on after an info");
                assertEquals("{}", firstInvokeOf(history, next).metadataJson().orElseThrow());
                return;
            }
        }
        throw new AssertionError("no seed in 1..40 crashed a replica under a client's request");
    }

    private static String nextSessionOfClient(List<HistoryEvent> history, int from, String session) {
        String client = session.split("\\.")[0];
        for (int i = from + 1; i < history.size(); i++) {
            String s = history.get(i).session();
            if (s.split("\\.")[0].equals(client)) return s;
        }
        return session;
    }

    private static HistoryEvent firstInvokeOf(List<HistoryEvent> history, String session) {
        for (HistoryEvent e : history) {
            if (e.session().equals(session) && e.isInvoke()) return e;
        }
        throw new AssertionError("no invocation in " + session);
    }

    @Test
    void clientsRetryA503WithTheSameMetadata() {
        List<HistoryEvent> history = new World(config(9, EnumSet.of(Fault.PARTITION, Fault.SLOW)), false).run().history();
        int checked = 0;
        for (int i = 0; i < history.size(); i++) {
            HistoryEvent e = history.get(i);
            if (e.status() != 503) continue;
            HistoryEvent invoke = invocationBefore(history, i, e.session());
            HistoryEvent retry = invocationAfter(history, i, e.session());
            if (retry == null) continue;
            assertEquals(invoke.metadataJson(), retry.metadataJson());
            assertEquals(invoke.key(), retry.key());
            checked++;
        }
        assertTrue(checked > 0, "no 503 in this run");
    }

    private static HistoryEvent invocationBefore(List<HistoryEvent> history, int at, String session) {
        for (int i = at - 1; i >= 0; i--) {
            if (history.get(i).session().equals(session) && history.get(i).isInvoke()) return history.get(i);
        }
        throw new AssertionError("completion without invocation");
    }

    private static HistoryEvent invocationAfter(List<HistoryEvent> history, int at, String session) {
        for (int i = at + 1; i < history.size(); i++) {
            if (history.get(i).session().equals(session) && history.get(i).isInvoke()) return history.get(i);
        }
        return null;
    }

    @Test
    void requestsDeliveredAfterAPartitionHealsAreRefusedWhenTheirLinkHasChangedAndTheRunStillConverges() {
        int late = 0, refusedLate = 0;
        for (long seed = 1; seed <= 30; seed++) {
            WorldResult result = new World(config(seed, EnumSet.of(Fault.PARTITION, Fault.CRASH)), true).run();
            assertEquals(WorldResult.End.COMPLETED, result.end(), "seed " + seed + ": " + result.detail());
            List<String> trace = result.trace();
            for (int i = 0; i < trace.size(); i++) {
                if (!trace.get(i).contains(" late delivery to ")) continue;
                late++;
                // the callee's answer is two lines on: "<- req#n from ..." then "-> req#n ..."
                if (i + 2 < trace.size() && (trace.get(i + 2).contains("Refused stale-epoch")
                        || trace.get(i + 2).contains("Refused not-in-view"))) {
                    refusedLate++;
                }
            }
        }
        assertTrue(late > 0, "no request was held past a heal");
        assertTrue(refusedLate > 0, late + " late requests, none refused for its link");
    }

    @Test
    void swarmDrawsTheFaultsFromTheSeed() {
        assertEquals(SimConfig.defaults(5).faults(), SimConfig.defaults(5).faults());
        List<Set<Fault>> drawn = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) drawn.add(SimConfig.defaults(seed).faults());
        assertTrue(new HashSet<>(drawn).size() > 5, "swarm should vary the faults: " + drawn);
    }

    @Test
    void unknownFaultsAndBugsAreClearErrors() {
        IllegalArgumentException fault = assertThrows(IllegalArgumentException.class, () -> Fault.parseList("crash,meteor"));
        assertTrue(fault.getMessage().contains("meteor"));
        IllegalArgumentException bug = assertThrows(IllegalArgumentException.class, () -> SimConfig.parseBugs("typo"));
        assertTrue(bug.getMessage().contains("typo"));
        assertEquals(EnumSet.of(Fault.CRASH, Fault.LOSS_BURST), Fault.parseList("crash, burst"));
    }
}
