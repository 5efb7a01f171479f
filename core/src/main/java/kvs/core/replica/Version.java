package kvs.core.replica;

import kvs.core.Check;
import kvs.core.clock.VectorClock;

/**
 * One write to one key, as stored and as replicated: a value (JSON text) or a tombstone.
 *
 * <p>{@code deps} is the write's causal past, itself included: the client's metadata when the
 * write was accepted, plus {@code id}. {@code lamport} is a Lamport timestamp larger than that of
 * every write applied at the accepting replica at the time, so (lamport, origin) is a total order
 * that extends causality; it decides between concurrent writes to one key ({@link #wins}).
 *
 * @param valueJson the value as compact JSON text; empty for a tombstone
 */
public record Version(String key, WriteId id, long lamport, VectorClock deps, boolean tombstone, String valueJson) {

    public Version {
        Check.argument(key != null && valueJson != null && deps != null && id != null, "null component");
        Check.argument(deps.get(id.origin()) == id.seq(), "deps of %s must contain the write itself: %s", id, deps);
        Check.argument(lamport > 0, "lamport must be positive");
        Check.argument(tombstone == valueJson.isEmpty(), "a tombstone has no value; a value is never empty");
    }

    public static Version value(String key, WriteId id, long lamport, VectorClock deps, String valueJson) {
        return new Version(key, id, lamport, deps, false, valueJson);
    }

    public static Version tombstone(String key, WriteId id, long lamport, VectorClock deps) {
        return new Version(key, id, lamport, deps, true, "");
    }

    /** The arbitration order: true when this write wins over {@code other} for the same key. */
    public boolean wins(Version other) {
        if (lamport != other.lamport) return lamport > other.lamport;
        int byOrigin = id.origin().compareTo(other.id.origin());
        if (byOrigin != 0) return byOrigin > 0;
        return id.seq() > other.id.seq();
    }

    /** A rough size in bytes, for batching and limits. */
    public int approximateBytes() {
        return 64 + key.length() + valueJson.length() + deps.size() * 32;
    }
}
