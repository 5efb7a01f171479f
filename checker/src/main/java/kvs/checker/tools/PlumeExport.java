package kvs.checker.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;

import kvs.checker.causal.History;

/**
 * Writes a history in Plume's text format, one operation a line: {@code w(key,value,session,txn)}
 * or {@code r(key,value,session,txn)}, with keys, values, sessions and transactions as integers.
 * Each operation is its own transaction. Keys are numbered from 1 in order of appearance; a put's
 * value is numbered from 1 in order of appearance too, and a read names the number of the value it
 * returned; a read of an absent key reads 0, Plume's initial value. Failed operations, gets that
 * did not complete, and {@code info} puts that nobody read are left out (they did not happen, or
 * cannot be shown to have). Plume has no deletes: a delete becomes a write of a fresh value that
 * nobody reads, so absent reads after deletes are exported as reads of the initial value, which
 * Plume may judge more strictly than this checker does.
 */
public final class PlumeExport {
    private PlumeExport() {}

    public static void write(History h, Writer out) {
        Map<String, Integer> valueIds = new HashMap<>();
        for (int o = 0; o < h.size(); o++) {
            if (h.kind(o) == History.PUT && h.outcome(o) != History.FAIL) valueIds.putIfAbsent(h.value(o), valueIds.size() + 1);
        }
        Map<Integer, Boolean> readValue = new HashMap<>();
        for (int o = 0; o < h.size(); o++) {
            if (h.kind(o) == History.GET && h.outcome(o) == History.OK && h.found(o)) {
                Integer id = valueIds.get(h.value(o));
                if (id != null) readValue.put(id, true);
            }
        }
        int nextFresh = valueIds.size() + 1;
        Map<String, Integer> thinAir = new HashMap<>();
        try {
            int txn = 0;
            for (int o = 0; o < h.size(); o++) {
                int key = keyId(h, o);
                int session = h.sessionOf(o);
                int outcome = h.outcome(o);
                switch (h.kind(o)) {
                    case History.PUT -> {
                        int id = valueIds.getOrDefault(h.value(o), 0);
                        if (outcome == History.FAIL || (outcome == History.INFO && !readValue.containsKey(id))) continue;
                        line(out, 'w', key, id, session, txn++);
                    }
                    case History.DELETE -> {
                        if (outcome != History.OK) continue;
                        line(out, 'w', key, nextFresh++, session, txn++);
                    }
                    default -> {
                        if (outcome != History.OK) continue;
                        int id;
                        if (!h.found(o)) id = 0;
                        else {
                            Integer known = valueIds.get(h.value(o));
                            if (known != null) id = known;
                            else id = thinAir.computeIfAbsent(h.value(o), v -> 1_000_000_000 + thinAir.size());
                        }
                        line(out, 'r', key, id, session, txn++);
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int keyId(History h, int o) {
        return h.keyIdOf(o) + 1;
    }

    private static void line(Writer out, char kind, int key, int value, int session, int txn) throws IOException {
        out.write(kind + "(" + key + "," + value + "," + session + "," + txn + ")\n");
    }
}
