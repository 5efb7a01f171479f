package kvs.tester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryEvent.Op;
import kvs.checker.history.HistoryEvent.Type;
import org.junit.jupiter.api.Test;

class StrengthTest {
    private long time;

    private void put(List<HistoryEvent> h, String session, String value, Type outcome) {
        HistoryEvent invoke = HistoryEvent.invoke(session, Op.PUT, "k", Optional.of(value), Optional.of("r1"), Optional.of("null"),
                ++time, false);
        h.add(invoke);
        h.add(invoke.complete(outcome, Optional.of(value), false, Optional.of("r1"), Optional.of("{}"), ++time, 200, Optional.empty()));
    }

    private void get(List<HistoryEvent> h, String session, String value) {
        HistoryEvent invoke = HistoryEvent.invoke(session, Op.GET, "k", Optional.empty(), Optional.of("r1"), Optional.of("null"),
                ++time, false);
        h.add(invoke);
        h.add(invoke.complete(Type.OK, Optional.of(value), true, Optional.of("r1"), Optional.of("{}"), ++time, 200, Optional.empty()));
    }

    @Test
    void aHistoryWithManyCrossSessionReadsAndFewInfosIsStrong() {
        List<HistoryEvent> h = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            put(h, "a", "\"v" + i + "\"", Type.OK);
            get(h, "b", "\"v" + i + "\"");
        }
        put(h, "a", "\"lost\"", Type.INFO);
        Strength s = Strength.of(h);
        assertEquals(61, s.operations());
        assertEquals(1, s.info());
        assertEquals(30, s.crossSessionReads());
        assertTrue(s.weaknesses().isEmpty(), s.weaknesses().toString());
    }

    @Test
    void moreThanTenPercentInfoIsWeak() {
        List<HistoryEvent> h = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            put(h, "a", "\"v" + i + "\"", Type.OK);
            get(h, "b", "\"v" + i + "\"");
        }
        for (int i = 0; i < 7; i++) {
            put(h, "c#" + i, "\"x" + i + "\"", Type.INFO);
        }
        Strength s = Strength.of(h);
        assertEquals(1, s.weaknesses().size(), s.weaknesses().toString());
        assertTrue(s.weaknesses().get(0).contains("ended info"), s.weaknesses().get(0));
    }

    @Test
    void readsOfOnlyOwnWritesAreWeak() {
        List<HistoryEvent> h = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            put(h, "a", "\"v" + i + "\"", Type.OK);
            get(h, "a#2", "\"v" + i + "\"");
        }
        Strength s = Strength.of(h);
        assertEquals(0, s.crossSessionReads(), "a#2 is session a after an info, not another session");
        assertTrue(s.weaknesses().get(0).contains("another session"), s.weaknesses().toString());
    }

    @Test
    void nothingDoneIsWeak() {
        assertEquals(List.of("no operation completed: nothing was tested"), Strength.of(List.of()).weaknesses());
    }
}
