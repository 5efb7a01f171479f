package kvs.checker;

import java.util.Locale;

/**
 * The causal models of Bouajjani, Enea, Guerraoui and Hamza (POPL 2017), each a set of bad
 * patterns: {@code CC} (CyclicCO, WriteCOInitRead, ThinAirRead, WriteCORead), {@code CM} (CC's
 * and WriteHBInitRead, CyclicHB) and {@code CCV} (CC's and CyclicCF; the checker also counts
 * convergence of the final reads towards it, the "v" of causal convergence).
 */
public enum Model {
    CC, CM, CCV;

    /** The name used on the command line and in reports: cc, cm, ccv. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses cc, cm or ccv (any case). */
    public static Model parse(String text) {
        for (Model m : values()) {
            if (m.wire().equalsIgnoreCase(text)) return m;
        }
        throw new IllegalArgumentException("unknown model \"" + text + "\": expected cc, cm or ccv");
    }
}
