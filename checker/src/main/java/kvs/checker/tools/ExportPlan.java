package kvs.checker.tools;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import kvs.checker.causal.History;

/**
 * What an export to a register-history format (Plume's, Elle's) can say faithfully about a
 * history, decided once for both. Those formats know reads and writes of registers whose initial
 * value is "nothing" (Plume's 0, Elle's nil), and nothing else: no deletes, no "final" reads.
 *
 * <ul>
 *   <li>A delete has no encoding (writing a fresh value instead would make every later absent
 *       read look like a read of the initial value, which the other tool judges more strictly):
 *       it is left out.</li>
 *   <li>An absent read (a 404) of a key that is never deleted reads the initial value:
 *       exported as such. An absent read of a key that has deletes may have read a delete, which
 *       the formats cannot say: it is left out.</li>
 *   <li>A final read is exported as an ordinary read; that it was final (the basis of the
 *       convergence check) is lost.</li>
 *   <li>The nemesis's fault events (history format 2) are left out: Plume has no place for them,
 *       and the Elle export writes client operations only (Elle ignores nemesis operations).
 *       They change no verdict, but they are part of the history, so they are said.</li>
 * </ul>
 * Leaving operations out can hide an anomaly but never invent one (every pattern is monotone
 * in causal order), so the export stays sound; the losses are counted and reported. Failed
 * operations, info gets and unread info puts are not losses: the checker itself treats them as
 * not having happened (Elle gets them as {@code :fail} / {@code :info} and decides the same way).
 */
final class ExportPlan {
    final History h;
    /** Keys (by id) that have a delete that may have happened (ok or info). */
    final BitSet keysWithDeletes = new BitSet();
    /** Value numbers: each distinct written or read value text gets one, from 1, in order of first appearance. */
    final Map<String, Integer> valueIds = new HashMap<>();
    /** Written value texts that some ok get returned. */
    private final Map<String, Boolean> readValues = new HashMap<>();
    int deletesLeftOut, absentReadsLeftOut, finalFlagsDropped;

    ExportPlan(History h) {
        this.h = h;
        for (int o = 0; o < h.size(); o++) {
            if (h.kind(o) == History.DELETE && h.outcome(o) != History.FAIL) keysWithDeletes.set(h.keyIdOf(o));
            if (h.kind(o) == History.PUT) valueIds.putIfAbsent(h.value(o), valueIds.size() + 1);
        }
        for (int o = 0; o < h.size(); o++) {
            if (h.kind(o) == History.GET && h.outcome(o) == History.OK && h.found(o)) {
                readValues.put(h.value(o), true);
                valueIds.putIfAbsent(h.value(o), valueIds.size() + 1); // a value nobody wrote (thin air) keeps a number of its own
            }
        }
    }

    /** Whether an info put may have happened in the checker's sense: some read returned its value. */
    boolean wasRead(int put) {
        return readValues.containsKey(h.value(put));
    }

    /** Whether the operation (whatever its outcome) cannot be represented and is left out; counts the loss. */
    boolean leftOut(int o) {
        int kind = h.kind(o), outcome = h.outcome(o);
        if (kind == History.DELETE) {
            if (outcome != History.FAIL) deletesLeftOut++;
            return true;
        }
        if (kind == History.GET && outcome == History.OK && !h.found(o) && keysWithDeletes.get(h.keyIdOf(o))) {
            absentReadsLeftOut++;
            return true;
        }
        return false;
    }

    /** Counts a final read that is exported as an ordinary one. */
    void exportedRead(int o) {
        if (h.isFinal(o)) finalFlagsDropped++;
    }

    /** One line per kind of loss, empty when the export says everything the history says. */
    List<String> losses(String format) {
        List<String> out = new ArrayList<>();
        if (deletesLeftOut > 0) {
            out.add(String.format(Locale.ROOT, "%d delete(s) left out: the %s format has no deletes", deletesLeftOut, format));
        }
        if (absentReadsLeftOut > 0) {
            out.add(String.format(Locale.ROOT, "%d absent read(s) of keys that have deletes left out: the %s format cannot say "
                    + "that a read found a deleted key (only the initial value)", absentReadsLeftOut, format));
        }
        int faults = h.faults().size();
        if (faults > 0) {
            out.add(String.format(Locale.ROOT, "%d nemesis fault event(s) left out: the %s export has no place for them "
                    + "(they change no verdict)", faults, format));
        }
        if (finalFlagsDropped > 0) {
            out.add(String.format(Locale.ROOT, "%d final read(s) exported as ordinary reads: the %s format cannot mark them final, "
                    + "so convergence cannot be checked there", finalFlagsDropped, format));
        }
        return out;
    }
}
