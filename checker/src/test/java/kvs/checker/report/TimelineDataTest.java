package kvs.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import kvs.checker.causal.History;
import kvs.checker.history.FaultEvent;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryEvent.Op;
import kvs.checker.history.HistoryEvent.Type;

/** The timeline's data: retries folded into attempts, the window of a violation, time units. */
class TimelineDataTest {
    /** A history built operation by operation with explicit times (nanoseconds). */
    static final class Ops {
        final History h = new History();
        long line;

        int op(String session, Op op, String key, String value, Type outcome, long invoke, long complete, int status) {
            HistoryEvent inv = HistoryEvent.invoke(session, op, key, op == Op.PUT ? Optional.of(value) : Optional.empty(),
                    Optional.of("r1"), Optional.empty(), invoke, false);
            h.add(inv, ++line);
            h.add(inv.complete(outcome, op == Op.PUT || outcome == Type.OK && op == Op.GET ? Optional.of(value) : Optional.empty(),
                    op == Op.GET && outcome == Type.OK, Optional.of("r1"), Optional.empty(), complete, status, Optional.empty()), ++line);
            return h.size() - 1;
        }
    }

    @Test
    void a503FollowedByTheSameOperationIsAnAttemptOfIt() {
        Ops b = new Ops();
        int first = b.op("A", Op.PUT, "x", "1", Type.FAIL, 0, 10, 503);
        int second = b.op("A", Op.PUT, "x", "1", Type.FAIL, 20, 30, 503);
        int done = b.op("A", Op.PUT, "x", "1", Type.OK, 40, 50, 200);
        TimelineData t = TimelineData.of(b.h);
        assertTrue(t.isAttempt(first) && t.isAttempt(second));
        assertFalse(t.isAttempt(done));
        assertEquals(first, t.firstAttempt(done));
        assertEquals(2, t.attemptsBefore(done));
        assertEquals(1, t.operationCount());
        assertEquals(2, t.attemptCount());
    }

    @Test
    void aFailureFollowedByAnotherOperationStaysAFailedOperation() {
        Ops b = new Ops();
        int failedPut = b.op("A", Op.PUT, "x", "1", Type.FAIL, 0, 10, 503);
        b.op("A", Op.PUT, "x", "2", Type.OK, 20, 30, 200);   // another value: a new operation
        int failedGet = b.op("A", Op.GET, "x", "", Type.FAIL, 40, 50, 503);
        b.op("B", Op.GET, "x", "2", Type.OK, 60, 70, 200);   // same op, other session
        int ok = b.op("A", Op.PUT, "y", "1", Type.OK, 80, 90, 200);
        int then = b.op("A", Op.PUT, "y", "1", Type.OK, 100, 110, 200); // an ok is never an attempt
        TimelineData t = TimelineData.of(b.h);
        assertFalse(t.isAttempt(failedPut));
        assertFalse(t.isAttempt(failedGet));
        assertFalse(t.isAttempt(ok));
        assertEquals(then, t.firstAttempt(then));
        assertEquals(0, t.attemptCount());
    }

    @Test
    void aValidWorkloadWithRetriesHasNoFailedOperationsInItsPlots() {
        Ops b = new Ops();
        for (int i = 0; i < 50; i++) {
            long t = i * 1_000_000L;
            b.op("A", Op.PUT, "x", Integer.toString(i), Type.FAIL, t, t + 100_000, 503);
            b.op("A", Op.PUT, "x", Integer.toString(i), Type.OK, t + 200_000, t + 300_000, 200);
        }
        TimelineData t = TimelineData.of(b.h);
        Plots plots = new Plots(b.h, t);
        List<String> throughput = plots.throughput().series().stream().map(Plots.Series::label).toList();
        assertEquals(List.of("ok/s", "retried attempts/s"), throughput);
        List<String> latency = plots.latency().series().stream().map(Plots.Series::label).toList();
        assertEquals(List.of("put ok p50", "put ok p99"), latency);
        // Each put's latency runs from its first attempt: 0.3 ms.
        double[] p50 = plots.latency().series().get(0).values();
        for (double v : p50) assertTrue(Double.isNaN(v) || Math.abs(v - 0.3) < 1e-9, () -> java.util.Arrays.toString(p50));
        assertEquals(History.PUT | History.FAIL << 2 | TimelineData.ATTEMPT, t.flags(0), "attempts are flagged, not drawn as failed operations");
        StringBuilder json = new StringBuilder();
        t.writeJson(json);
        String flags = json.substring(json.indexOf("\"flags\":\"") + 9, json.indexOf("\"", json.indexOf("\"flags\":\"") + 9));
        byte[] decoded = java.util.Base64.getDecoder().decode(flags);
        assertEquals(100, decoded.length);
        assertEquals(t.flags(0), decoded[0] & 0xff);
        assertEquals(t.flags(1), decoded[1] & 0xff);
    }

    @Test
    void theWindowOfAViolationCoversItsOperationsAndTheirFirstAttemptsWithAMargin() {
        Ops b = new Ops();
        b.op("A", Op.PUT, "x", "0", Type.OK, 0, 10, 200);
        int retried = b.op("C", Op.GET, "x", "", Type.FAIL, 1000, 1100, 503);
        int r = b.op("C", Op.GET, "x", "0", Type.OK, 1200, 1300, 200);
        int w = b.op("B", Op.PUT, "y", "1", Type.OK, 1400, 2000, 200);
        b.op("A", Op.PUT, "z", "2", Type.OK, 5000, 9000, 200);
        TimelineData t = TimelineData.of(b.h);
        assertEquals(retried, t.firstAttempt(r));
        TimelineData.Window window = t.window(List.of(w, r));
        assertEquals(List.of(1, 2), window.lanes(), "lanes in lane order: C is lane 1, B lane 2");
        assertEquals(1000 - 200, window.fromUnits());
        assertEquals(2000 + 200, window.toUnits());
        assertEquals(1, t.unitNanos());
    }

    @Test
    void longHistoriesUseCoarserUnitsAndFaultsWidenTheRange() {
        Ops b = new Ops();
        b.op("A", Op.PUT, "x", "0", Type.OK, 5_000_000_000L, 5_000_100_000L, 200);
        b.op("A", Op.PUT, "x", "1", Type.OK, 3_600_000_000_000L, 3_600_000_100_000L, 200);
        b.h.addFault(FaultEvent.start(1, "kill", List.of("r1"), "SIGKILL", 1_000_000_000L));
        TimelineData t = TimelineData.of(b.h);
        assertEquals(1_000_000_000L, t.originNanos());
        assertEquals(10_000, t.unitNanos());
        assertTrue(t.units(t.endNanos()) <= 1_000_000_000L);
        List<ReportPage.FaultBand> bands = ReportPage.faultBands(b.h.faults(), t.endNanos());
        assertEquals(1, bands.size());
        assertEquals(t.endNanos(), bands.get(0).endNanos(), "a fault never healed lasts to the end");
        assertTrue(bands.get(0).detail().contains("never healed"));
    }

    @Test
    void theColumnsOfThePageDecodeToTheHistory() {
        Ops b = new Ops();
        b.op("A", Op.PUT, "x", "\"héllo\"", Type.OK, 100, 250, 200);
        b.op("B", Op.GET, "x", "\"héllo\"", Type.OK, 300, 420, 200);
        TimelineData t = TimelineData.of(b.h);
        StringBuilder json = new StringBuilder();
        t.writeJson(json);
        String text = json.toString();
        java.nio.ByteBuffer start = column(text, "start"), dur = column(text, "dur"), lane = column(text, "lane"), ends = column(text, "valueEnd");
        assertEquals(0, start.getInt(0));
        assertEquals(200, start.getInt(4));
        assertEquals(150, dur.getInt(0));
        assertEquals(1, lane.getShort(2));
        assertTrue(text.contains("\"laneBytes\":2"), text);
        assertEquals(7, ends.getInt(0));
        assertEquals(14, ends.getInt(4));
        assertTrue(text.contains("\"values\":\"\\\"héllo\\\"\\\"héllo\\\"\""), text);
    }

    private static java.nio.ByteBuffer column(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(json.substring(at, json.indexOf('"', at))))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }
}
