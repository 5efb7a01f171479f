package kvs.tester;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryEvent.Op;
import kvs.checker.history.HistoryEvent.Type;

/**
 * Whether a history is strong enough for its verdict to mean something. Two ways it is not:
 * <ul>
 *   <li>more than {@value #INFO_SHARE_MAX_PERCENT} % of the operations (final reads excluded) ended
 *       {@code info}: each one cuts its session in two and may or may not have happened, so the
 *       checker has little to hold the implementation to;</li>
 *   <li>fewer than {@value #CROSS_READS_MIN} reads returned a value written by another session:
 *       causality across sessions, the point of the test, was hardly exercised.</li>
 * </ul>
 * A weak history turns a {@code valid} verdict into {@code unknown} (exit 2), with the reason; it
 * never hides an {@code invalid} one (violations found are real).
 */
public record Strength(long operations, long info, long okReads, long crossSessionReads) {
    public static final int INFO_SHARE_MAX_PERCENT = 10;
    public static final int CROSS_READS_MIN = 20;

    /** Counts over the operations of a history (final reads excluded). */
    public static Strength of(List<HistoryEvent> events) {
        Map<String, String> writerOfValue = new HashMap<>();
        long operations = 0, info = 0, okReads = 0, cross = 0;
        for (HistoryEvent e : events) {
            if (e.isInvoke() || e.finalRead()) {
                if (e.isInvoke() && !e.finalRead() && e.op() == Op.PUT) {
                    e.valueJson().ifPresent(v -> writerOfValue.put(v, root(e.session())));
                }
                continue;
            }
            operations++;
            if (e.type() == Type.INFO) {
                info++;
            }
            if (e.op() == Op.GET && e.type() == Type.OK) {
                okReads++;
                if (e.found() && e.valueJson().isPresent()) {
                    String writer = writerOfValue.get(e.valueJson().get());
                    if (writer != null && !writer.equals(root(e.session()))) {
                        cross++;
                    }
                }
            }
        }
        return new Strength(operations, info, okReads, cross);
    }

    /** A session's name without the {@code #n} of the ids it takes after an info. */
    static String root(String session) {
        int hash = session.indexOf('#');
        return hash < 0 ? session : session.substring(0, hash);
    }

    public double infoPercent() {
        return operations == 0 ? 0 : 100.0 * info / operations;
    }

    /** Why the history is too weak, one line each; empty when it is strong enough. */
    public List<String> weaknesses() {
        List<String> reasons = new ArrayList<>();
        if (operations == 0) {
            reasons.add("no operation completed: nothing was tested");
            return reasons;
        }
        if (info * 100 > operations * INFO_SHARE_MAX_PERCENT) {
            reasons.add(String.format(java.util.Locale.ROOT,
                    "%.1f %% of the operations (%d of %d) ended info (no answer within the client timeout, or an unexpected answer):"
                            + " over %d %%, too many outcomes are unknown for the verdict to mean much",
                    infoPercent(), info, operations, INFO_SHARE_MAX_PERCENT));
        }
        if (crossSessionReads < CROSS_READS_MIN) {
            reasons.add("only " + crossSessionReads + " read(s) returned a value written by another session (at least "
                    + CROSS_READS_MIN + " are needed): causality across sessions was hardly tested; run longer, with more"
                    + " sessions or fewer keys");
        }
        return reasons;
    }
}
