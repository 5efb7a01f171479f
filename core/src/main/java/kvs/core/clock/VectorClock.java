package kvs.core.clock;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import kvs.core.Check;

/**
 * An immutable vector clock: for each writer id, how many of that writer's writes are covered.
 *
 * <p>Entries are kept sorted by id in two parallel arrays, so every operation is a linear merge
 * and iteration order is deterministic. A missing entry means zero; a stored entry is always
 * positive. The order is the usual pointwise one: {@code a.leq(b)} when every entry of {@code a}
 * is at most the same entry of {@code b}. {@link #merge} is the least upper bound.
 */
public final class VectorClock {
    public static final VectorClock EMPTY = new VectorClock(new String[0], new long[0]);

    /** How two clocks relate. */
    public enum Order { EQUAL, BEFORE, AFTER, CONCURRENT }

    private final String[] ids;
    private final long[] counts;

    private VectorClock(String[] ids, long[] counts) {
        this.ids = ids;
        this.counts = counts;
    }

    /** A clock from any map of id to count; zero counts are dropped, negative ones rejected. */
    public static VectorClock of(Map<String, Long> entries) {
        SortedMap<String, Long> sorted = new TreeMap<>(entries);
        int size = 0;
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            Check.argument(e.getKey() != null && e.getValue() != null, "null entry in a vector clock");
            Check.argument(e.getValue() >= 0, "negative count %s for %s", e.getValue(), e.getKey());
            if (e.getValue() > 0) size++;
        }
        String[] ids = new String[size];
        long[] counts = new long[size];
        int i = 0;
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            if (e.getValue() > 0) {
                ids[i] = e.getKey();
                counts[i] = e.getValue();
                i++;
            }
        }
        return size == 0 ? EMPTY : new VectorClock(ids, counts);
    }

    public static VectorClock single(String id, long count) {
        return EMPTY.with(id, count);
    }

    public int size() {
        return ids.length;
    }

    public boolean isEmpty() {
        return ids.length == 0;
    }

    public String id(int index) {
        return ids[index];
    }

    public long count(int index) {
        return counts[index];
    }

    /** The count for {@code id}, zero when absent. */
    public long get(String id) {
        int at = Arrays.binarySearch(ids, id);
        return at >= 0 ? counts[at] : 0;
    }

    /** This clock with the entry for {@code id} set to {@code count} (zero removes it). */
    public VectorClock with(String id, long count) {
        Check.argument(count >= 0, "negative count %s", count);
        int at = Arrays.binarySearch(ids, id);
        if (at >= 0) {
            if (counts[at] == count) return this;
            if (count == 0) {
                String[] newIds = new String[ids.length - 1];
                long[] newCounts = new long[ids.length - 1];
                System.arraycopy(ids, 0, newIds, 0, at);
                System.arraycopy(counts, 0, newCounts, 0, at);
                System.arraycopy(ids, at + 1, newIds, at, ids.length - at - 1);
                System.arraycopy(counts, at + 1, newCounts, at, ids.length - at - 1);
                return newIds.length == 0 ? EMPTY : new VectorClock(newIds, newCounts);
            }
            long[] newCounts = counts.clone();
            newCounts[at] = count;
            return new VectorClock(ids, newCounts);
        }
        if (count == 0) return this;
        int insert = -at - 1;
        String[] newIds = new String[ids.length + 1];
        long[] newCounts = new long[ids.length + 1];
        System.arraycopy(ids, 0, newIds, 0, insert);
        System.arraycopy(counts, 0, newCounts, 0, insert);
        newIds[insert] = id;
        newCounts[insert] = count;
        System.arraycopy(ids, insert, newIds, insert + 1, ids.length - insert);
        System.arraycopy(counts, insert, newCounts, insert + 1, ids.length - insert);
        return new VectorClock(newIds, newCounts);
    }

    /** The pointwise maximum of the two clocks (their least upper bound). */
    public VectorClock merge(VectorClock other) {
        if (other.ids.length == 0 || other == this) return this;
        if (ids.length == 0) return other;
        if (other.leq(this)) return this;
        if (this.leq(other)) return other;
        String[] mergedIds = new String[ids.length + other.ids.length];
        long[] mergedCounts = new long[mergedIds.length];
        int i = 0, j = 0, n = 0;
        while (i < ids.length || j < other.ids.length) {
            int cmp = i == ids.length ? 1 : j == other.ids.length ? -1 : ids[i].compareTo(other.ids[j]);
            if (cmp < 0) {
                mergedIds[n] = ids[i];
                mergedCounts[n++] = counts[i++];
            } else if (cmp > 0) {
                mergedIds[n] = other.ids[j];
                mergedCounts[n++] = other.counts[j++];
            } else {
                mergedIds[n] = ids[i];
                mergedCounts[n++] = Math.max(counts[i++], other.counts[j++]);
            }
        }
        return new VectorClock(Arrays.copyOf(mergedIds, n), Arrays.copyOf(mergedCounts, n));
    }

    /** True when every entry of this clock is at most the same entry of {@code other}. */
    public boolean leq(VectorClock other) {
        if (ids.length > other.ids.length) return false;
        int j = 0;
        for (int i = 0; i < ids.length; i++) {
            while (j < other.ids.length && other.ids[j].compareTo(ids[i]) < 0) j++;
            if (j == other.ids.length || !other.ids[j].equals(ids[i]) || other.counts[j] < counts[i]) return false;
        }
        return true;
    }

    public Order compare(VectorClock other) {
        boolean le = leq(other);
        boolean ge = other.leq(this);
        if (le && ge) return Order.EQUAL;
        if (le) return Order.BEFORE;
        if (ge) return Order.AFTER;
        return Order.CONCURRENT;
    }

    /** The entries, in id order. */
    public Map<String, Long> toMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) map.put(ids[i], counts[i]);
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorClock other && Arrays.equals(ids, other.ids) && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(ids[i]).append('=').append(counts[i]);
        }
        return sb.append('}').toString();
    }
}
