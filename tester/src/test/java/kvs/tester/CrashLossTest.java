package kvs.tester;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryEvent.Op;
import kvs.checker.history.HistoryEvent.Type;
import kvs.tester.nemesis.Nemesis.Kill;
import org.junit.jupiter.api.Test;

class CrashLossTest {
    private final List<Object> events = new ArrayList<>();

    private void op(String session, Op op, String key, String value, String replica, long time) {
        Optional<String> written = op == Op.PUT ? Optional.of(value) : Optional.empty();
        HistoryEvent invoke = HistoryEvent.invoke(session, op, key, written, Optional.of(replica), Optional.of("null"), time, false);
        events.add(invoke);
        events.add(invoke.complete(Type.OK, op == Op.GET ? Optional.of(value) : written, op == Op.GET, Optional.of(replica),
                Optional.of("{}"), time + 1, 200, Optional.empty()));
    }

    @Test
    void aWriteOnlyTheKilledReplicaWasSeenToHoldIsExposedOthersAreNot() {
        op("alone", Op.PUT, "k1", "\"v1\"", "r1", 10);                 // exposed: nobody else seen with it
        op("moved", Op.PUT, "k2", "\"v2\"", "r1", 20);
        op("moved", Op.GET, "k9", "\"x\"", "r2", 30);                  // r2 answered a session whose metadata names v2
        op("writer", Op.PUT, "k3", "\"v3\"", "r1", 40);
        op("reader", Op.GET, "k3", "\"v3\"", "r2", 50);                // r2 returned v3
        op("elsewhere", Op.PUT, "k4", "\"v4\"", "r2", 60);             // r2 is never killed
        op("reader2", Op.GET, "k1", "\"v1\"", "r1", 70);               // read at r1 itself: no proof of another holder
        op("late", Op.DELETE, "k5", null, "r1", 200);                  // acknowledged after the kill: a later kill would matter
        Kill kill = new Kill(7, 0, "r1", 100);
        CrashLoss loss = CrashLoss.analyze(events, List.of(kill));
        assertEquals(1, loss.exposed().size(), loss.exposed().toString());
        CrashLoss.Exposed x = loss.exposed().get(0);
        assertEquals("\"v1\"", x.completion().valueJson().orElseThrow());
        assertEquals(0, x.operation());
        assertEquals(kill, x.kill());
        HistoryEvent rewritten = (HistoryEvent) loss.historyForVerdict().get(x.eventIndex());
        assertEquals(Type.INFO, rewritten.type());
        assertEquals(events.size(), loss.historyForVerdict().size());
        for (int i = 0; i < events.size(); i++) {
            if (i != x.eventIndex()) {
                assertEquals(events.get(i), loss.historyForVerdict().get(i));
            }
        }
    }

    @Test
    void aReadOfTheWriteAtTheKilledReplicaCarriesItIntoTheReadersMetadata() {
        op("writer", Op.PUT, "k1", "\"v1\"", "r1", 10);
        op("reader", Op.GET, "k1", "\"v1\"", "r1", 20);                // reader's metadata now names v1
        op("reader", Op.GET, "k2", "\"y\"", "r2", 30);                 // r2 served it: r2 held v1
        assertEquals(List.of(), CrashLoss.analyze(events, List.of(new Kill(1, 0, "r1", 100))).exposed());
    }

    private void finalRead(String session, String key, String value, String replica, long time) {
        HistoryEvent invoke = HistoryEvent.invoke(session, Op.GET, key, Optional.empty(), Optional.of(replica), Optional.of("null"),
                time, true);
        events.add(invoke);
        events.add(invoke.complete(Type.OK, Optional.of(value), true, Optional.of(replica), Optional.of("{}"), time + 1, 200,
                Optional.empty()));
    }

    @Test
    void aWriteTheCrashTookIsItsOwnCategoryNotAViolationUnlessStrict() {
        op("s", Op.PUT, "k", "\"old\"", "r2", 10);
        op("s", Op.PUT, "k", "\"new\"", "r1", 20);                 // only r1 ever held it
        events.add(kvs.checker.history.FaultEvent.start(1, "kill", List.of("r1"), "kill -9 replica 1", 30));
        finalRead("f1", "k", "\"old\"", "r1", 100);
        finalRead("f2", "k", "\"old\"", "r2", 102);
        CrashLoss loss = CrashLoss.analyze(events, List.of(new Kill(1, 0, "r1", 30)));
        kvs.checker.CheckOptions options = kvs.checker.CheckOptions.defaults();
        kvs.checker.report.CheckReport asRecorded = kvs.checker.Checker.check(HistoryLog.toHistory(events), options, "t");
        assertEquals(kvs.checker.Verdict.INVALID, asRecorded.verdict(), "as recorded, the final value overwrote an acknowledged write");
        TestRun.Resolved resolved = TestRun.resolve(loss, asRecorded, options, "t");
        assertEquals(kvs.checker.Verdict.VALID, resolved.report().verdict(), resolved.report().text());
        assertEquals(1, resolved.lost().size());
        assertEquals("\"new\"", resolved.lost().get(0).completion().valueJson().orElseThrow());
    }

    @Test
    void aWriteAnotherReplicaWasSeenToHoldStaysAViolationWhenLost() {
        op("s", Op.PUT, "k", "\"old\"", "r2", 10);
        op("s", Op.PUT, "k", "\"new\"", "r1", 20);
        op("t", Op.GET, "k", "\"new\"", "r2", 25);                 // r2 held it
        finalRead("f1", "k", "\"old\"", "r1", 100);
        finalRead("f2", "k", "\"old\"", "r2", 102);
        CrashLoss loss = CrashLoss.analyze(events, List.of(new Kill(1, 0, "r1", 30)));
        assertEquals(List.of(), loss.exposed());
        kvs.checker.CheckOptions options = kvs.checker.CheckOptions.defaults();
        kvs.checker.report.CheckReport asRecorded = kvs.checker.Checker.check(HistoryLog.toHistory(events), options, "t");
        assertEquals(kvs.checker.Verdict.INVALID, TestRun.resolve(loss, asRecorded, options, "t").report().verdict());
    }

    @Test
    void noKillNoExposure() {
        op("writer", Op.PUT, "k1", "\"v1\"", "r1", 10);
        assertEquals(List.of(), CrashLoss.analyze(events, List.of()).exposed());
    }
}
