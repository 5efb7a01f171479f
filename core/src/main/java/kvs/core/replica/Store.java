package kvs.core.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import kvs.core.clock.VectorClock;

/**
 * The latest version of every key, tombstones included, with an index by writer so that the
 * versions a peer lacks can be found without a scan.
 *
 * <p>Invariant: a key maps to the version that wins ({@link Version#wins}) among all versions of
 * it ever offered; {@code byOrigin} holds exactly the ids of the current versions.
 */
final class Store {
    /** Sorted, so that a paged state transfer can walk the keys in order and resume after one. */
    private final TreeMap<String, Version> byKey = new TreeMap<>();
    private final TreeMap<String, TreeMap<Long, String>> byOrigin = new TreeMap<>();

    Optional<Version> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The key whose current version is write {@code id}, if one is. */
    Optional<String> keyOf(WriteId id) {
        TreeMap<Long, String> seqs = byOrigin.get(id.origin());
        return seqs == null ? Optional.empty() : Optional.ofNullable(seqs.get(id.seq()));
    }

    int size() {
        return byKey.size();
    }

    /** Outcome of {@link #offer}. */
    enum Offer { INSTALLED, INSTALLED_OVER_CONCURRENT, LOST, ALREADY_PRESENT, ID_HELD_BY_ANOTHER_KEY }

    /** Installs {@code version} when it wins over the key's current version. */
    Offer offer(Version version) {
        TreeMap<Long, String> seqs = byOrigin.get(version.id().origin());
        String holder = seqs == null ? null : seqs.get(version.id().seq());
        // one write has one key: a version claiming the id of another key's version is a forgery
        if (holder != null && !holder.equals(version.key())) return Offer.ID_HELD_BY_ANOTHER_KEY;
        Version current = byKey.get(version.key());
        if (current != null && current.id().equals(version.id())) return Offer.ALREADY_PRESENT;
        if (current != null && !version.wins(current)) return Offer.LOST;
        boolean concurrent = current != null && version.deps().get(current.id().origin()) < current.id().seq();
        if (current != null) unindex(current);
        byKey.put(version.key(), version);
        byOrigin.computeIfAbsent(version.id().origin(), o -> new TreeMap<>()).put(version.id().seq(), version.key());
        return concurrent ? Offer.INSTALLED_OVER_CONCURRENT : Offer.INSTALLED;
    }

    private void unindex(Version version) {
        TreeMap<Long, String> seqs = byOrigin.get(version.id().origin());
        seqs.remove(version.id().seq());
        if (seqs.isEmpty()) byOrigin.remove(version.id().origin());
    }

    /**
     * Every current version whose write {@code applied} does not cover, in (origin, seq) order;
     * empty when there are more than {@code max}.
     */
    Optional<List<Version>> missingFrom(VectorClock applied, int max, long bytesMax, boolean withTombstones) {
        List<Version> missing = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, TreeMap<Long, String>> origin : byOrigin.entrySet()) {
            for (String key : origin.getValue().tailMap(applied.get(origin.getKey()), false).values()) {
                Version version = byKey.get(key);
                if (version.tombstone() && !withTombstones) continue;
                bytes += version.approximateBytes();
                if (missing.size() == max || bytes > bytesMax) return Optional.empty();
                missing.add(version);
            }
        }
        return Optional.of(missing);
    }

    /** One page of a key-ordered walk: the versions found, the last key looked at, and whether the walk is over. */
    record Page(List<Version> versions, String lastKey, boolean exhausted) {}

    /**
     * The current versions of the keys after {@code afterKey} (all keys when it is empty), in key
     * order, that {@code floor} does not cover; at most {@code max} of them and {@code bytesMax}
     * (but at least one), looking at no more than {@code scanMax} keys.
     */
    Page page(String afterKey, VectorClock floor, int max, long bytesMax, int scanMax, boolean withTombstones) {
        List<Version> versions = new ArrayList<>();
        long bytes = 0;
        int scanned = 0;
        String lastKey = afterKey;
        for (Version version : byKey.tailMap(afterKey, false).values()) {
            if (scanned == scanMax || versions.size() == max) return new Page(versions, lastKey, false);
            boolean wanted = floor.get(version.id().origin()) < version.id().seq() && (withTombstones || !version.tombstone());
            if (wanted && !versions.isEmpty() && bytes + version.approximateBytes() > bytesMax) {
                return new Page(versions, lastKey, false);
            }
            scanned++;
            lastKey = version.key();
            if (wanted) {
                versions.add(version);
                bytes += version.approximateBytes();
            }
        }
        return new Page(versions, lastKey, true);
    }

    /** Visits every current version in (origin, seq) order. */
    void forEach(Consumer<Version> visitor) {
        for (TreeMap<Long, String> seqs : byOrigin.values()) {
            for (String key : seqs.values()) visitor.accept(byKey.get(key));
        }
    }

    /** The index and the map agree. */
    void checkIndex() {
        int[] indexed = {0};
        forEach(v -> indexed[0]++);
        kvs.core.Check.that(indexed[0] == byKey.size(), "index holds %s versions, store %s", indexed[0], byKey.size());
    }
}
