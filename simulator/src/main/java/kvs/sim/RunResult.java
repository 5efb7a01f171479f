package kvs.sim;

import java.util.Optional;

import kvs.sim.world.SimConfig;
import kvs.sim.world.WorldResult;

/**
 * One simulation, judged.
 *
 * @param config what decided the run
 * @param world what the world produced
 * @param judgement the checker's verdict on the history; empty after a replica failure (the
 *     history stops mid-flight and the failure speaks for itself)
 * @param realNanos real time the run took, checker excluded
 */
public record RunResult(SimConfig config, WorldResult world, Optional<Judgement> judgement, long realNanos) {

    /** How a run ended, from the most to the least severe. */
    public enum Outcome {
        /** A replica threw: an invariant of {@code core} broke. */
        REPLICA_FAILURE,
        /** The checker found the history not causally consistent (or not convergent). */
        VIOLATION,
        /** After healing the cluster did not settle within the bound. */
        LIVENESS,
        /** The checker could not decide. */
        UNKNOWN,
        PASS
    }

    public Outcome outcome() {
        if (world.end() == WorldResult.End.REPLICA_FAILURE) return Outcome.REPLICA_FAILURE;
        if (judgement.isPresent() && judgement.get().verdict() == Judgement.Verdict.INVALID) return Outcome.VIOLATION;
        if (world.end() == WorldResult.End.LIVENESS) return Outcome.LIVENESS;
        if (judgement.isPresent() && judgement.get().verdict() == Judgement.Verdict.UNKNOWN) return Outcome.UNKNOWN;
        return Outcome.PASS;
    }

    public boolean failed() {
        return outcome() != Outcome.PASS;
    }

    /**
     * What "fails the same way" means for shrinking: the outcome and, for a violation, the first
     * violated check; for a replica failure, the first line of the exception.
     */
    public String signature() {
        return switch (outcome()) {
            case VIOLATION -> "violation:" + judgement.get().violatedChecks().get(0);
            case REPLICA_FAILURE -> "replica-failure:" + firstWords(world.detail());
            default -> outcome().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A replica failure's detail up to its first number or address, stable across shrinking. */
    private static String firstWords(String detail) {
        int cause = detail.indexOf("invariant violated: ");
        String tail = cause >= 0 ? detail.substring(cause) : detail.substring(detail.indexOf(": ") + 2);
        StringBuilder sb = new StringBuilder();
        for (String word : tail.split(" ")) {
            if (word.chars().anyMatch(Character::isDigit)) break;
            if (sb.length() > 0) sb.append(' ');
            sb.append(word);
        }
        return sb.toString();
    }

    /** One line that says how it ended, for summaries. */
    public String headline() {
        String what = switch (outcome()) {
            case PASS -> "PASS";
            case VIOLATION -> "VIOLATION " + String.join(", ", judgement.get().violatedChecks());
            case REPLICA_FAILURE -> "REPLICA FAILURE " + world.detail();
            case LIVENESS -> "LIVENESS FAILURE " + world.detail();
            case UNKNOWN -> "UNKNOWN (the checker could not decide)";
        };
        return "seed " + config.seed() + ": " + what;
    }

    public String replayCommand() {
        return replayCommand(config);
    }

    /** The one-line command that replays a run of {@code config} into its default folder. */
    public static String replayCommand(SimConfig config) {
        return replayCommand(config, java.nio.file.Path.of("runs", "seed-" + config.seed()));
    }

    /** The command that replays this run and writes its files to {@code out} (the folder this run's files went to). */
    public String replayCommand(java.nio.file.Path out) {
        return replayCommand(config, out);
    }

    /** The command that replays a run of {@code config} and writes its files to {@code out}. */
    public static String replayCommand(SimConfig config, java.nio.file.Path out) {
        String folder = out.toString();
        boolean plain = folder.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+=:,@".indexOf(c) >= 0);
        return "scripts/kvs-sim run " + config.runOptions() + " --out " + (plain ? folder : "'" + folder.replace("'", "'\''") + "'");
    }
}
