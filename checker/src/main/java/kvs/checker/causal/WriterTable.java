package kvs.checker.causal;

/**
 * The put of each (key, value) of a history: open addressing over the operations' indices, with
 * no object per entry (a million puts made a boxed hash map the costliest part of assigning
 * roles). Values are compared as the strings the history holds; keys by their ids.
 */
final class WriterTable {
    private final History h;
    /** Operation index + 1 per slot; 0 is empty. */
    private final int[] slots;
    private final int mask;

    /** Room for up to {@code capacity} puts. */
    WriterTable(History h, int capacity) {
        this.h = h;
        int size = Integer.highestOneBit(Math.max(16, capacity) * 2 - 1) << 1; // load factor at most 1/2
        slots = new int[size];
        mask = size - 1;
    }

    private static int hash(int key, String value) {
        int x = value.hashCode() * 31 + key;
        return x ^ (x >>> 16);
    }

    /** Records put o, unless a put of its key and value is recorded already: then that one, and o is not recorded. */
    int putIfAbsent(int o) {
        int key = h.key.get(o);
        String value = h.value.get(o);
        for (int i = hash(key, value) & mask; ; i = (i + 1) & mask) {
            int w = slots[i] - 1;
            if (w < 0) {
                slots[i] = o + 1;
                return -1;
            }
            if (h.key.get(w) == key && h.value.get(w).equals(value)) return w;
        }
    }

    /** The recorded put of this key and value, or -1. */
    int get(int key, String value) {
        for (int i = hash(key, value) & mask; ; i = (i + 1) & mask) {
            int w = slots[i] - 1;
            if (w < 0) return -1;
            if (h.key.get(w) == key && h.value.get(w).equals(value)) return w;
        }
    }
}
