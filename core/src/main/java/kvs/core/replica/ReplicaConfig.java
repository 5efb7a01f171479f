package kvs.core.replica;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import kvs.core.Check;
import kvs.core.Limits;

/**
 * How one replica starts.
 *
 * @param address this replica's {@code ip:port}
 * @param initialView every replica's address at start ({@code VIEW}); this one is added if missing
 * @param incarnation a number larger than that of every earlier life of a replica at this address
 *     (the Undertow driver uses the wall clock at boot; the simulator counts restarts)
 * @param bugs deliberate bugs for the simulator's teeth tests; empty in production
 */
public record ReplicaConfig(String address, List<String> initialView, long incarnation, Limits limits, Set<Bug> bugs) {

    public ReplicaConfig {
        Check.argument(address != null && !address.isBlank() && !address.contains("#"), "bad address %s", address);
        Check.argument(initialView != null && limits != null && bugs != null, "null component");
        Check.argument(incarnation >= 0, "incarnation must not be negative");
        initialView = List.copyOf(initialView);
        bugs = bugs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(bugs));
    }

    public static ReplicaConfig of(String address, List<String> initialView, long incarnation) {
        return new ReplicaConfig(address, initialView, incarnation, Limits.defaults(), Set.of());
    }

    /** The writer id under which this incarnation's writes are identified and counted. */
    public String writerId() {
        long used = bugs.contains(Bug.REUSE_WRITE_IDS_AFTER_RESTART) ? 0 : incarnation;
        return address + "#" + Long.toString(used, 36);
    }
}
