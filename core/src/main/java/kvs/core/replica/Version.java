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
 * @param value the value as compact JSON text; empty for a tombstone
 */
public record Version(String key, WriteId id, long lamport, VectorClock deps, boolean tombstone, ValueText value) {
    private static final ValueText NONE = ValueText.of("");

    public Version {
        Check.argument(key != null && value != null && deps != null && id != null, "null component");
        Check.argument(deps.get(id.origin()) == id.seq(), "deps of %s must contain the write itself: %s", id, deps);
        Check.argument(lamport > 0, "lamport must be positive");
        Check.argument(tombstone == (value.length() == 0), "a tombstone has no value; a value is never empty");
    }

    public Version(String key, WriteId id, long lamport, VectorClock deps, boolean tombstone, String valueJson) {
        this(key, id, lamport, deps, tombstone, ValueText.of(valueJson));
    }

    public static Version value(String key, WriteId id, long lamport, VectorClock deps, String valueJson) {
        return new Version(key, id, lamport, deps, false, ValueText.of(valueJson));
    }

    public static Version value(String key, WriteId id, long lamport, VectorClock deps, ValueText value) {
        return new Version(key, id, lamport, deps, false, value);
    }

    public static Version tombstone(String key, WriteId id, long lamport, VectorClock deps) {
        return new Version(key, id, lamport, deps, true, NONE);
    }

    /** The value as compact JSON text, empty for a tombstone (built anew for a value kept off the heap). */
    public String valueJson() {
        return value.text();
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
        return 64 + key.length() + value.length() + deps.size() * 32;
    }
}
