package kvs.core.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kvs.core.Check;
import kvs.core.clock.VectorClock;

/**
 * Peers' writes that arrived before their dependencies, waiting to be applied.
 *
 * <p>A write from origin {@code o} with sequence {@code s} is deliverable when the replica has
 * applied exactly {@code s - 1} writes of {@code o} (writes of one origin apply in order, since a
 * clock entry counts them) and at least {@code deps[x]} writes of every other writer {@code x}.
 * Invariant: no buffered write is already applied, and the buffer never holds more than its limit.
 */
final class CausalBuffer {
    private final TreeMap<String, TreeMap<Long, Version>> byOrigin = new TreeMap<>();
    private final int max;
    private int size;

    CausalBuffer(int max) {
        this.max = max;
    }

    int size() {
        return size;
    }

    enum Offer { ACCEPTED, ALREADY_BUFFERED, FULL }

    Offer offer(Version version) {
        TreeMap<Long, Version> seqs = byOrigin.get(version.id().origin());
        if (seqs != null && seqs.containsKey(version.id().seq())) return Offer.ALREADY_BUFFERED;
        if (size >= max) return Offer.FULL;
        byOrigin.computeIfAbsent(version.id().origin(), o -> new TreeMap<>()).put(version.id().seq(), version);
        size++;
        return Offer.ACCEPTED;
    }

    /**
     * The highest sequence number {@code t} of {@code origin} such that every write up to {@code t}
     * is applied (per {@code applied}) or buffered here.
     */
    long acceptedThrough(String origin, VectorClock applied) {
        long through = applied.get(origin);
        TreeMap<Long, Version> seqs = byOrigin.get(origin);
        if (seqs == null) return through;
        for (Long seq : seqs.tailMap(through, false).keySet()) {
            if (seq != through + 1) break;
            through = seq;
        }
        return through;
    }

    /** True when {@code version} may be applied on top of {@code applied}. */
    static boolean deliverable(Version version, VectorClock applied) {
        String origin = version.id().origin();
        if (applied.get(origin) != version.id().seq() - 1) return false;
        VectorClock deps = version.deps();
        for (int i = 0; i < deps.size(); i++) {
            if (!deps.id(i).equals(origin) && applied.get(deps.id(i)) < deps.count(i)) return false;
        }
        return true;
    }

    /**
     * Removes and returns the next write to apply: the first, in origin order, that is deliverable
     * (or, with {@code ignoreDependencies}, any write not yet applied). Writes already covered by
     * {@code applied} are discarded on the way.
     */
    java.util.Optional<Version> takeNext(VectorClock applied, boolean ignoreDependencies) {
        List<String> emptied = new ArrayList<>();
        Version found = null;
        for (Map.Entry<String, TreeMap<Long, Version>> entry : byOrigin.entrySet()) {
            TreeMap<Long, Version> seqs = entry.getValue();
            long have = applied.get(entry.getKey());
            while (!seqs.isEmpty() && seqs.firstKey() <= have) {
                seqs.pollFirstEntry();
                size--;
            }
            if (seqs.isEmpty()) {
                emptied.add(entry.getKey());
                continue;
            }
            Version first = seqs.firstEntry().getValue();
            if (ignoreDependencies || deliverable(first, applied)) {
                seqs.pollFirstEntry();
                size--;
                if (seqs.isEmpty()) emptied.add(entry.getKey());
                found = first;
                break;
            }
        }
        for (String origin : emptied) byOrigin.remove(origin);
        return java.util.Optional.ofNullable(found);
    }

    /** Visits every buffered write in (origin, seq) order. */
    void forEach(java.util.function.Consumer<Version> visitor) {
        for (TreeMap<Long, Version> seqs : byOrigin.values()) seqs.values().forEach(visitor);
    }

    void checkInvariants(VectorClock applied) {
        int counted = 0;
        for (Map.Entry<String, TreeMap<Long, Version>> entry : byOrigin.entrySet()) {
            Check.that(!entry.getValue().isEmpty(), "empty buffer entry for %s", entry.getKey());
            for (Version v : entry.getValue().values()) {
                Check.that(applied.get(v.id().origin()) < v.id().seq(), "buffered write %s is already applied", v.id());
                counted++;
            }
        }
        Check.that(counted == size, "buffer counts %s but holds %s", size, counted);
        Check.that(size <= max, "buffer holds %s, limit %s", size, max);
    }
}
