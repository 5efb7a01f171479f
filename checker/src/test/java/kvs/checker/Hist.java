package kvs.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryEvent.Op;
import kvs.checker.history.HistoryEvent.Type;

/** A small language for hand-written histories: each call is one operation, invoked and completed at once. */
final class Hist {
    private final List<HistoryEvent> events = new ArrayList<>();
    private int ops;
    private long time;

    int put(String session, String key, String value) {
        return op(session, Op.PUT, key, Optional.of(value), Type.OK, Optional.empty(), false, false);
    }

    int putInfo(String session, String key, String value) {
        return op(session, Op.PUT, key, Optional.of(value), Type.INFO, Optional.empty(), false, false);
    }

    int putFail(String session, String key, String value) {
        return op(session, Op.PUT, key, Optional.of(value), Type.FAIL, Optional.empty(), false, false);
    }

    int get(String session, String key, String value) {
        return op(session, Op.GET, key, Optional.empty(), Type.OK, Optional.of(value), true, false);
    }

    int getAbsent(String session, String key) {
        return op(session, Op.GET, key, Optional.empty(), Type.OK, Optional.empty(), false, false);
    }

    int finalGet(String session, String key, String value) {
        return op(session, Op.GET, key, Optional.empty(), Type.OK, Optional.of(value), true, true);
    }

    int finalGetAbsent(String session, String key) {
        return op(session, Op.GET, key, Optional.empty(), Type.OK, Optional.empty(), false, true);
    }

    int delete(String session, String key) {
        return op(session, Op.DELETE, key, Optional.empty(), Type.OK, Optional.empty(), false, false);
    }

    int deleteFail(String session, String key) {
        return op(session, Op.DELETE, key, Optional.empty(), Type.FAIL, Optional.empty(), false, false);
    }

    int getFail(String session, String key) {
        return op(session, Op.GET, key, Optional.empty(), Type.FAIL, Optional.empty(), false, false);
    }

    int getInfo(String session, String key) {
        return op(session, Op.GET, key, Optional.empty(), Type.INFO, Optional.empty(), false, false);
    }

    int deleteInfo(String session, String key) {
        return op(session, Op.DELETE, key, Optional.empty(), Type.INFO, Optional.empty(), false, false);
    }

    private int op(String session, Op op, String key, Optional<String> written, Type outcome, Optional<String> read,
                   boolean found, boolean isFinal) {
        time += 1000;
        HistoryEvent inv = HistoryEvent.invoke(session, op, key, written, Optional.of("r-" + session), Optional.empty(), time, isFinal);
        events.add(inv);
        Optional<String> value = op == Op.GET ? read : written;
        events.add(inv.complete(outcome, value, found, Optional.of("r-" + session), Optional.empty(), time + 500,
                outcome == Type.OK ? 200 : 0, Optional.empty()));
        return ops++;
    }

    List<HistoryEvent> events() {
        return List.copyOf(events);
    }

    Report check() {
        return Checker.check(events, CheckOptions.defaults());
    }

    Report check(Model model) {
        return Checker.check(events, CheckOptions.defaults().withModel(model));
    }
}
