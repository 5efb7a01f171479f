package kvs.cli.workload;

import java.util.Random;
import kvs.checker.history.HistoryEvent.Op;

/**
 * The proportions of puts, gets and deletes in a workload, written {@code put:get:delete}
 * (weights, not necessarily percentages: {@code 2:2:1} is 40/40/20).
 */
public record Mix(int putWeight, int getWeight, int deleteWeight) {
    public Mix {
        if (putWeight < 0 || getWeight < 0 || deleteWeight < 0) throw new IllegalArgumentException("weights must not be negative");
        if (putWeight == 0) throw new IllegalArgumentException("a workload needs puts (weight of put is 0)");
        if ((long) putWeight + getWeight + deleteWeight > 1_000_000) throw new IllegalArgumentException("weights too large");
    }

    public static Mix parse(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 3) throw new IllegalArgumentException("mix '" + text + "' is not put:get:delete, e.g. 45:45:10");
        try {
            return new Mix(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), Integer.parseInt(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mix '" + text + "' has a weight that is not a whole number", e);
        }
    }

    public Op pick(Random random) {
        int draw = random.nextInt(putWeight + getWeight + deleteWeight);
        if (draw < putWeight) return Op.PUT;
        if (draw < putWeight + getWeight) return Op.GET;
        return Op.DELETE;
    }

    @Override
    public String toString() {
        return putWeight + ":" + getWeight + ":" + deleteWeight;
    }
}
