package kvs.sim.world;

import java.util.Arrays;

/**
 * The simulation's agenda: actions at points of simulated time (microseconds), taken in time
 * order, ties broken by the order in which they were scheduled (a sequence number), so that the
 * run never depends on anything but the seed. A binary heap over parallel arrays keeps it cheap.
 */
final class EventQueue {
    private long[] times = new long[1024];
    private long[] seqs = new long[1024];
    private Runnable[] actions = new Runnable[1024];
    private int size;
    private long nextSeq;

    void at(long timeMicros, Runnable action) {
        if (size == times.length) grow();
        int i = size++;
        long seq = nextSeq++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(timeMicros, seq, times[parent], seqs[parent])) break;
            move(parent, i);
            i = parent;
        }
        times[i] = timeMicros;
        seqs[i] = seq;
        actions[i] = action;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Time of the next action; the queue must not be empty. */
    long peekTime() {
        return times[0];
    }

    /** Removes the next action and returns it; {@link #peekTime} gave its time. */
    Runnable poll() {
        Runnable first = actions[0];
        int last = --size;
        long t = times[last], s = seqs[last];
        Runnable a = actions[last];
        actions[last] = null;
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && before(times[child + 1], seqs[child + 1], times[child], seqs[child])) child++;
            if (!before(times[child], seqs[child], t, s)) break;
            move(child, i);
            i = child;
        }
        if (size > 0) {
            times[i] = t;
            seqs[i] = s;
            actions[i] = a;
        }
        return first;
    }

    private static boolean before(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void move(int from, int to) {
        times[to] = times[from];
        seqs[to] = seqs[from];
        actions[to] = actions[from];
    }

    private void grow() {
        int n = times.length * 2;
        times = Arrays.copyOf(times, n);
        seqs = Arrays.copyOf(seqs, n);
        actions = Arrays.copyOf(actions, n);
    }
}
