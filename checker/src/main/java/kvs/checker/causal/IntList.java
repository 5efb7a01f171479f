package kvs.checker.causal;

import java.util.Arrays;

/** A growable array of ints (no boxing): the checker's arrays hold millions of entries. */
final class IntList {
    private int[] items;
    private int size;

    IntList() {
        this(16);
    }

    IntList(int capacity) {
        items = new int[Math.max(4, capacity)];
    }

    void add(int value) {
        if (size == items.length) items = Arrays.copyOf(items, items.length + (items.length >> 1) + 16);
        items[size++] = value;
    }

    int get(int index) {
        return items[index];
    }

    void set(int index, int value) {
        items[index] = value;
    }

    void truncate(int newSize) {
        size = newSize;
    }

    int size() {
        return size;
    }

    int[] toArray() {
        return Arrays.copyOf(items, size);
    }
}
