package kvs.checker.causal;

import java.util.Arrays;

/**
 * A small map from non-negative ints to ints (open addressing), with its keys listable in
 * ascending order, for per-session state that must not cost one slot per key or per session.
 */
final class IntIntMap {
    private int[] keys = new int[16];
    private int[] values = new int[16];
    private int size;

    IntIntMap() {
        Arrays.fill(keys, -1);
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    int get(int key, int absent) {
        int mask = keys.length - 1;
        for (int j = mix(key) & mask; ; j = (j + 1) & mask) {
            if (keys[j] == key) return values[j];
            if (keys[j] < 0) return absent;
        }
    }

    void put(int key, int value) {
        Check.that(key >= 0, "map keys are non-negative (%d)", key);
        if (2 * (size + 1) > keys.length) grow();
        int mask = keys.length - 1;
        for (int j = mix(key) & mask; ; j = (j + 1) & mask) {
            if (keys[j] == key) {
                values[j] = value;
                return;
            }
            if (keys[j] < 0) {
                keys[j] = key;
                values[j] = value;
                size++;
                return;
            }
        }
    }

    private void grow() {
        int[] oldKeys = keys, oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new int[keys.length];
        Arrays.fill(keys, -1);
        size = 0;
        for (int j = 0; j < oldKeys.length; j++) if (oldKeys[j] >= 0) put(oldKeys[j], oldValues[j]);
    }

    /** The keys, ascending. */
    int[] sortedKeys() {
        int[] out = new int[size];
        int i = 0;
        for (int key : keys) if (key >= 0) out[i++] = key;
        Arrays.sort(out);
        return out;
    }
}
