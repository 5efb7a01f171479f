package kvs.core.replica;

import java.util.ArrayList;
import java.util.HashMap;
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
 * it ever offered; {@code byOrigin} holds exactly the ids of the current versions. The hash map is
 * only looked up, never iterated: every iteration goes through the sorted index.
 */
final class Store {
    private final Map<String, Version> byKey = new HashMap<>();
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
    enum Offer { INSTALLED, INSTALLED_OVER_CONCURRENT, LOST, ALREADY_PRESENT }

    /** Installs {@code version} when it wins over the key's current version. */
    Offer offer(Version version) {
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
    Optional<List<Version>> missingFrom(VectorClock applied, int max, boolean withTombstones) {
        List<Version> missing = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, String>> origin : byOrigin.entrySet()) {
            for (String key : origin.getValue().tailMap(applied.get(origin.getKey()), false).values()) {
                Version version = byKey.get(key);
                if (version.tombstone() && !withTombstones) continue;
                if (missing.size() == max) return Optional.empty();
                missing.add(version);
            }
        }
        return Optional.of(missing);
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
