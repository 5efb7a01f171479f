package kvs.checker.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

import kvs.checker.causal.History;

/**
 * Writes a history in Plume's text format, one operation a line: {@code w(key,value,session,txn)}
 * or {@code r(key,value,session,txn)}, all four non-negative integers, each operation its own
 * transaction (txn numbered from 0 in file order). Keys are numbered from 1 in order of
 * appearance; values are numbered from 1 (each distinct value text once; a value nobody wrote
 * gets a number no put has); 0 is Plume's initial value, so an absent read of a key that is never
 * deleted reads 0. Sessions are the checker's (a session that goes on after an info is a new one).
 * What the format cannot represent is left out and reported ({@link ExportPlan}): deletes,
 * absent reads of keys with deletes, and the final flag of final reads. Failed operations, gets
 * that did not complete and {@code info} puts that nobody read did not happen in the checker's
 * sense and are left out too (not a loss); an info put that some read returned is a write.
 */
public final class PlumeExport {
    private PlumeExport() {}

    /** Writes the export and returns what could not be represented (one line per kind; empty if nothing). */
    public static List<String> write(History h, Writer out) {
        ExportPlan plan = new ExportPlan(h);
        try {
            int txn = 0;
            for (int o = 0; o < h.size(); o++) {
                if (plan.leftOut(o)) continue;
                int key = h.keyIdOf(o) + 1;
                int session = h.sessionOf(o);
                int outcome = h.outcome(o);
                if (h.kind(o) == History.PUT) {
                    if (outcome == History.FAIL || (outcome == History.INFO && !plan.wasRead(o))) continue;
                    line(out, 'w', key, plan.valueIds.get(h.value(o)), session, txn++);
                } else {
                    if (outcome != History.OK) continue;
                    plan.exportedRead(o);
                    line(out, 'r', key, h.found(o) ? plan.valueIds.get(h.value(o)) : 0, session, txn++);
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return plan.losses("Plume");
    }

    private static void line(Writer out, char kind, int key, int value, int session, int txn) throws IOException {
        out.write(kind + "(" + key + "," + value + "," + session + "," + txn + ")\n");
    }
}
