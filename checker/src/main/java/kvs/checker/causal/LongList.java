package kvs.checker.causal;

import java.util.Arrays;

/** A growable array of longs. */
final class LongList {
    private long[] items = new long[16];
    private int size;

    void add(long value) {
        if (size == items.length) items = Arrays.copyOf(items, items.length + (items.length >> 1) + 16);
        items[size++] = value;
    }

    long get(int index) {
        return items[index];
    }

    void set(int index, long value) {
        items[index] = value;
    }

    int size() {
        return size;
    }
}
