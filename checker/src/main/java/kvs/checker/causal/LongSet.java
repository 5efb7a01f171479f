package kvs.checker.causal;

/**
 * A set of longs other than 0 (open addressing, linear probing), cleared in constant time: a slot
 * holds a key only while its stamp is the current one, so a set reused for many small batches
 * (the edges of one session after another) costs nothing to empty.
 */
final class LongSet {
    private long[] keys = new long[16];
    private int[] stamps = new int[16];
    private int stamp = 1, size;

    private static int mix(long x) {
        long h = x * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Adds key (≠ 0); false if it was there already. */
    boolean add(long key) {
        Check.that(key != 0, "0 is not a key");
        if (2 * (size + 1) > keys.length) grow();
        return insert(key);
    }

    private boolean insert(long key) {
        int mask = keys.length - 1;
        for (int j = mix(key) & mask; ; j = (j + 1) & mask) {
            if (stamps[j] != stamp) {
                keys[j] = key;
                stamps[j] = stamp;
                size++;
                return true;
            }
            if (keys[j] == key) return false;
        }
    }

    boolean contains(long key) {
        int mask = keys.length - 1;
        for (int j = mix(key) & mask; ; j = (j + 1) & mask) {
            if (stamps[j] != stamp) return false;
            if (keys[j] == key) return true;
        }
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
        if (++stamp == Integer.MAX_VALUE) { // stamps wrap only after two billion clears
            java.util.Arrays.fill(stamps, 0);
            stamp = 1;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldStamps = stamps;
        int oldStamp = stamp;
        keys = new long[oldKeys.length * 2];
        stamps = new int[keys.length];
        stamp = 1;
        size = 0;
        for (int j = 0; j < oldKeys.length; j++) if (oldStamps[j] == oldStamp) insert(oldKeys[j]);
    }
}
