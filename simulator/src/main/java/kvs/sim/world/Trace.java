package kvs.sim.world;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact trace of a run: one line per input a replica handles, per effect it produces and
 * per fault, each stamped with simulated time ({@code seconds.micros}) and the node concerned.
 * When off, nothing is built (callers test {@link #on} before formatting), which keeps sweeps fast.
 */
public final class Trace {
    private final boolean on;
    private final List<String> lines = new ArrayList<>();

    public Trace(boolean on) {
        this.on = on;
    }

    public boolean on() {
        return on;
    }

    void line(long timeMicros, String who, String what) {
        if (!on) return;
        lines.add(time(timeMicros) + " " + who + " " + what);
    }

    public List<String> lines() {
        return lines;
    }

    /** {@code seconds.micros}, zero-padded, so lines sort and align. */
    public static String time(long micros) {
        String frac = Long.toString(micros % 1_000_000);
        return micros / 1_000_000 + "." + "000000".substring(frac.length()) + frac;
    }
}
