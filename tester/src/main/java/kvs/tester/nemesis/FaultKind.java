package kvs.tester.nemesis;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The faults a nemesis injects. */
public enum FaultKind {
    /** SIGKILL a replica; restart it at the same address with the same command when the fault ends. */
    KILL,
    /** SIGSTOP a replica; SIGCONT when the fault ends. */
    PAUSE,
    /** Drop traffic between groups of replicas (isolate one, halves, bridge, one-way); heal when it ends. */
    PARTITION,
    /** Cut a replica's cable (every packet to or from it dropped, the tester's too); heal when it ends. */
    HANG,
    /** A new replica joins with VIEW = the live replicas and itself (it stays). */
    JOIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this fault needs separate network addresses (netns). */
    public boolean needsNetwork() {
        return this == PARTITION || this == HANG;
    }

    /**
     * Parses {@code --nemesis}: a comma-separated list of {@code kill, pause, partition, hang, join},
     * or {@code all}, or {@code none}.
     */
    public static Set<FaultKind> parseList(String text) {
        EnumSet<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        for (String part : text.split(",")) {
            String word = part.strip().toLowerCase(Locale.ROOT);
            switch (word) {
                case "all" -> kinds.addAll(EnumSet.allOf(FaultKind.class));
                case "none" -> {
                    if (!text.strip().equalsIgnoreCase("none")) {
                        throw new IllegalArgumentException("--nemesis none cannot be combined with other faults: '" + text + "'");
                    }
                }
                default -> {
                    boolean found = false;
                    for (FaultKind kind : values()) {
                        if (kind.wire().equals(word)) {
                            kinds.add(kind);
                            found = true;
                        }
                    }
                    if (!found) {
                        throw new IllegalArgumentException("unknown fault '" + part.strip()
                                + "' in --nemesis (choose from kill, pause, partition, hang, join, all, none)");
                    }
                }
            }
        }
        return kinds;
    }
}
