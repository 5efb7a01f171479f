package kvs.checker.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;

import kvs.checker.causal.History;

/**
 * Writes a history as a Jepsen history of Elle's rw-register workload, in EDN, one operation
 * event a line: each operation is a single-operation transaction ({@code :f :txn}) with an
 * invocation ({@code :type :invoke}) and a completion ({@code :ok}, {@code :fail} or
 * {@code :info}, as recorded; an operation that never completed has its invocation only):
 *
 * <pre>{:index 0, :time 1000, :type :invoke, :process 0, :f :txn, :value [[:w 1 1]]}
 * {:index 1, :time 1500, :type :ok, :process 0, :f :txn, :value [[:w 1 1]]}
 * {:index 2, :time 2000, :type :invoke, :process 1, :f :txn, :value [[:r 1 nil]]}
 * {:index 3, :time 2500, :type :ok, :process 1, :f :txn, :value [[:r 1 1]]}</pre>
 *
 * Keys and values are integers numbered as in {@link PlumeExport} (keys from 1, values from 1);
 * a read's invocation carries {@code nil}, its completion the value read, {@code nil} for an
 * absent key that is never deleted (Elle's initial state). {@code :process} is the checker's
 * session number, which matches Jepsen's rule that a process whose operation ended in
 * {@code :info} never invokes again. {@code :time} is the recorded nanoseconds; events are in
 * time order (ties: invocations by operation, completions after their invocation). What the
 * format cannot represent is left out and reported ({@link ExportPlan}).
 */
public final class ElleExport {
    private ElleExport() {}

    /** Writes the export and returns what could not be represented (one line per kind; empty if nothing). */
    public static List<String> write(History h, Writer out) {
        ExportPlan plan = new ExportPlan(h);
        int n = h.size();
        // Events: 2·op for an invocation, 2·op + 1 for a completion; sorted by (time, op, invocation first).
        long[] keys = new long[2 * n];
        int count = 0;
        boolean[] included = new boolean[n];
        for (int o = 0; o < n; o++) {
            if (plan.leftOut(o)) continue;
            included[o] = true;
            keys[count++] = 2L * o;
            if (!h.pending(o)) keys[count++] = 2L * o + 1;
        }
        Long[] order = new Long[count];
        for (int i = 0; i < count; i++) order[i] = keys[i];
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(timeOf(h, a), timeOf(h, b));
            return c != 0 ? c : Long.compare(a, b);
        });
        try {
            int index = 0;
            for (long event : order) {
                int o = (int) (event >> 1);
                boolean completion = (event & 1) == 1;
                if (completion && h.kind(o) == History.GET && h.outcome(o) == History.OK) plan.exportedRead(o);
                out.write("{:index " + index++ + ", :time " + timeOf(h, event) + ", :type " + type(h, o, completion)
                        + ", :process " + h.sessionOf(o) + ", :f :txn, :value [" + micro(h, plan, o, completion) + "]}\n");
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return plan.losses("Elle rw-register");
    }

    private static long timeOf(History h, long event) {
        int o = (int) (event >> 1);
        return (event & 1) == 0 ? h.invokeNanos(o) : h.completeNanos(o);
    }

    private static String type(History h, int o, boolean completion) {
        if (!completion) return ":invoke";
        return switch (h.outcome(o)) {
            case History.OK -> ":ok";
            case History.FAIL -> ":fail";
            default -> ":info";
        };
    }

    /** The one micro-operation: {@code [:w k v]} or {@code [:r k v]} (v nil when unknown or absent). */
    private static String micro(History h, ExportPlan plan, int o, boolean completion) {
        int key = h.keyIdOf(o) + 1;
        if (h.kind(o) == History.PUT) return "[:w " + key + " " + plan.valueIds.get(h.value(o)) + "]";
        boolean known = completion && h.outcome(o) == History.OK && h.found(o);
        return "[:r " + key + " " + (known ? Integer.toString(plan.valueIds.get(h.value(o))) : "nil") + "]";
    }
}
