package kvs.sim.world;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The faults the simulator can inject, each switched on or off for a whole run. Message delay is
 * always on (every link has its own delay distribution); the rest are optional.
 */
public enum Fault {
    /** A small share of peer messages (requests and replies) is lost. */
    LOSS("loss"),
    /** Some peer requests are delivered twice. */
    DUPLICATION("dup"),
    /** Some messages take a long detour, so messages on one link overtake each other. */
    REORDER("reorder"),
    /**
     * Partitions of every shape (halves, one isolated, bridge, asymmetric), healed later. A quarter of
     * the requests a partition blocks arrive after it heals, up to 12 s late (TCP retransmission).
     */
    PARTITION("partition"),
    /** A replica crashes (volatile state lost) and restarts later at the same address. */
    CRASH("crash"),
    /** A new replica joins the running cluster. */
    JOIN("join"),
    /** A replica is decommissioned: stopped for good and removed from the others' views. */
    REMOVE("remove"),
    /** A replica or a link becomes slow for a while. */
    SLOW("slow"),
    /** For a while, a large share of all peer messages is lost. */
    LOSS_BURST("burst");

    private final String wire;

    Fault(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Parses {@code all}, {@code none}, or a comma-separated list of fault names. */
    public static Set<Fault> parseList(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("all")) return EnumSet.allOf(Fault.class);
        EnumSet<Fault> set = EnumSet.noneOf(Fault.class);
        if (trimmed.equals("none") || trimmed.isEmpty()) return set;
        for (String part : trimmed.split(",")) {
            String name = part.trim();
            Fault found = null;
            for (Fault f : values()) {
                if (f.wire.equals(name) || f.name().toLowerCase(Locale.ROOT).equals(name)) found = f;
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown fault '" + name + "'; known: all, none, " + names(EnumSet.allOf(Fault.class)));
            }
            set.add(found);
        }
        return set;
    }

    /** The faults as a comma-separated list ({@code none} when empty), in declaration order. */
    public static String names(Set<Fault> faults) {
        if (faults.isEmpty()) return "none";
        StringJoiner joiner = new StringJoiner(",");
        for (Fault f : values()) {
            if (faults.contains(f)) joiner.add(f.wire);
        }
        return joiner.toString();
    }
}
