package kvs.checker.causal;

import java.util.Arrays;

/**
 * The keys one session reads, numbered 0..size-1: the forward pass keeps per-key state only for
 * them. A direct table when the key space is small, an open-addressing hash table otherwise.
 */
final class KeySlots {
    private static final int DIRECT_KEYS_MAX = 1 << 16;

    private final int[] direct;
    private final int[] hashKeys;
    private final int[] hashSlots;
    private final int mask;
    private final int size;

    private KeySlots(int[] direct, int[] hashKeys, int[] hashSlots, int size) {
        this.direct = direct;
        this.hashKeys = hashKeys;
        this.hashSlots = hashSlots;
        this.mask = hashKeys == null ? 0 : hashKeys.length - 1;
        this.size = size;
    }

    static KeySlots of(History h, int[] sessionOps, byte[] role) {
        int keys = h.keyNames.size();
        int[] read = new int[sessionOps.length];
        int count = 0;
        for (int o : sessionOps) {
            if (role[o] == Analysis.R_READ || role[o] == Analysis.R_ABSENT) read[count++] = h.key.get(o);
        }
        read = Arrays.copyOf(read, count);
        Arrays.sort(read);
        int distinct = 0;
        for (int i = 0; i < read.length; i++) if (i == 0 || read[i] != read[i - 1]) read[distinct++] = read[i];
        if (keys <= DIRECT_KEYS_MAX) {
            int[] direct = new int[keys];
            Arrays.fill(direct, -1);
            for (int i = 0; i < distinct; i++) direct[read[i]] = i;
            return new KeySlots(direct, null, null, distinct);
        }
        int capacity = Integer.highestOneBit(Math.max(4, distinct * 2)) << 1;
        int[] hk = new int[capacity];
        int[] hs = new int[capacity];
        Arrays.fill(hk, -1);
        for (int i = 0; i < distinct; i++) {
            int j = mix(read[i]) & (capacity - 1);
            while (hk[j] >= 0) j = (j + 1) & (capacity - 1);
            hk[j] = read[i];
            hs[j] = i;
        }
        return new KeySlots(null, hk, hs, distinct);
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The slot of key x, or -1 if the session never reads x. */
    int slot(int x) {
        if (direct != null) return direct[x];
        int j = mix(x) & mask;
        while (true) {
            int key = hashKeys[j];
            if (key == x) return hashSlots[j];
            if (key < 0) return -1;
            j = (j + 1) & mask;
        }
    }

    int size() {
        return size;
    }
}
