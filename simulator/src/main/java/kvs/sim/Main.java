package kvs.sim;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import kvs.checker.usage.Usage;
import kvs.checker.usage.UsageError;
import kvs.core.replica.Bug;
import kvs.sim.world.Fault;
import kvs.sim.world.SimConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kvs-sim}: deterministic simulation of a whole cluster of the replica's own state machine.
 * Exit codes, the same in every command: 0 valid (every run passed), 1 a failure (violation,
 * replica failure, liveness failure, or non-determinism), 2 unknown, 64 usage error, 70 internal error.
 */
@Command(name = "kvs-sim", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Simulates a cluster of the replica's own state machine on simulated time, from one seed, "
                + "with faults; records a history and checks it.",
        subcommands = {Main.Run.class, Main.SweepCommand.class, Main.Shrink.class, Main.Bench.class,
            CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    static final int OK = 0, FAILED = 1, UNKNOWN = 2, USAGE = Usage.EXIT_USAGE, INTERNAL = 70;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--cds-training")) {
            System.exit(commandLine().execute("run", "--seed", "1", "--ops", "300", "--faults", "all"));
        }
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main())
                .setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? USAGE : INTERNAL)
                .setParameterExceptionHandler(Main::usageError);
        // every command prints the same --version
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
        return commandLine;
    }

    /** {@code --version}: the version of the jar, as every tool prints it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kvs-sim " + Usage.version(Main.class)};
        }
    }

    @Override
    public Integer call() {
        throw usage(spec, "a command is needed: run, sweep, shrink or bench");
    }

    /**
     * A usage error, told as every tool tells one ({@link Usage}): one line naming the mistake, a
     * "did you mean" from the failing command's own commands and options, a pointer to its
     * {@code --help}; not the whole help page.
     */
    static int usageError(CommandLine.ParameterException error, String[] args) {
        CommandLine.Model.CommandSpec failed = error.getCommandLine().getCommandSpec();
        UsageError usage;
        // An unknown word is the first mistake to tell, even when picocli noticed a missing option first.
        List<String> unmatched = error instanceof CommandLine.UnmatchedArgumentException u ? u.getUnmatched()
                : error.getCommandLine().getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            List<String> commands = new ArrayList<>(failed.subcommands().keySet());
            List<String> options = new ArrayList<>();
            failed.options().forEach(o -> options.addAll(List.of(o.names())));
            usage = Usage.unmatched(failed.qualifiedName(), unmatched.get(0),
                    !commands.isEmpty() && failed.positionalParameters().isEmpty(), commands, options);
        } else {
            usage = new UsageError(failed.qualifiedName(), Usage.withoutInternals(error.getMessage()));
        }
        return Usage.report(error.getCommandLine().getErr(), "kvs-sim", usage);
    }

    static int exitCode(RunResult.Outcome outcome) {
        return switch (outcome) {
            case PASS -> OK;
            case UNKNOWN -> UNKNOWN;
            default -> FAILED;
        };
    }

    /** The options that shape a world, shared by every command. */
    static final class WorldOptions {
        @Option(names = "--replicas", defaultValue = "3", description = "replicas at start (default: ${DEFAULT-VALUE})")
        int replicas;

        @Option(names = "--clients", defaultValue = "4", description = "client sessions (default: ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--ops", defaultValue = "2000", description = "client operations in all (default: ${DEFAULT-VALUE})")
        int ops;

        @Option(names = "--keys", defaultValue = "5", description = "size of the key space (default: ${DEFAULT-VALUE})")
        int keys;

        @Option(names = "--faults", defaultValue = "swarm",
                description = "swarm (each fault drawn from the seed), all, none, or a list of: "
                        + "loss,dup,reorder,partition,crash,join,remove,slow,burst,hostile (default: ${DEFAULT-VALUE})")
        String faults;

        @Option(names = "--bugs", defaultValue = "none",
                description = "deliberate replica bugs (teeth): apply-before-dependencies, omit-write-from-metadata, "
                        + "drop-tombstones-in-transfer, reuse-write-ids-after-restart, ignore-client-metadata-on-get, "
                        + "trust-peer-messages (caught by the hostile fault)")
        String bugs;

        @Option(names = "--delay-scale", defaultValue = "1.0", description = "factor on every network delay")
        double delayScale;

        @Option(names = "--nemesis-max", description = "most nemesis actions (default: no limit)")
        Optional<Integer> nemesisMax;

        @Option(names = "--convergence-ms", defaultValue = "20000",
                description = "how long the healed cluster has to quiesce (default: ${DEFAULT-VALUE})")
        long convergenceMillis;

        @Option(names = "--workload-ms", description = "simulated time after which clients start no new operation (default: none)")
        Optional<Long> workloadMillis;

        @Option(names = "--page-versions", defaultValue = "0",
                description = "small state-transfer pages of at most N versions (N x 200 bytes, 2N+1 keys looked at), "
                        + "so that transfers are paged; 0: the replica's default pages (default: ${DEFAULT-VALUE})")
        int pageVersions;

        SimConfig config(long seed) {
            Set<Bug> bugSet = SimConfig.parseBugs(bugs);
            SimConfig base = faults.trim().equalsIgnoreCase("swarm")
                    ? SimConfig.swarm(seed, replicas, clients, ops, keys, bugSet)
                    : new SimConfig(seed, replicas, clients, ops, keys, Fault.parseList(faults), false, bugSet, 1.0,
                    Integer.MAX_VALUE, 20_000);
            return new SimConfig(seed, replicas, clients, ops, keys, base.faults(), base.swarm(), bugSet, delayScale,
                    nemesisMax.orElse(Integer.MAX_VALUE), convergenceMillis, workloadMillis.orElse(Long.MAX_VALUE),
                    pageVersions);
        }
    }

    static CommandLine.ParameterException usage(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    static SimConfig configOrUsage(CommandLine.Model.CommandSpec spec, WorldOptions options, long seed) {
        try {
            return options.config(seed);
        } catch (IllegalArgumentException e) {
            throw usage(spec, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- run

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Runs one seed, checks the history, and writes history, trace and reports with --out.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--seed", required = true, description = "the seed that decides the run")
        long seed;

        @Mixin
        WorldOptions world = new WorldOptions();

        @Option(names = "--out", description = "folder for history.jsonl, trace.txt, report.txt, report.json, timeline.html")
        Optional<Path> out;

        @Option(names = "--check-determinism", description = "run twice and compare history and trace byte for byte")
        boolean checkDeterminism;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            SimConfig config = configOrUsage(spec, world, seed);
            out.println(config.describe());
            out.flush();
            if (checkDeterminism) {
                Optional<Determinism.Divergence> divergence = Determinism.check(config);
                if (divergence.isPresent()) {
                    out.println("NOT DETERMINISTIC: " + divergence.get().describe());
                    return FAILED;
                }
                out.println("deterministic: two runs gave the same history and trace, byte for byte");
            }
            RunResult run = Simulation.run(config, this.out.isPresent(), new CheckerJudge());
            List<String> summary = this.out.isPresent() ? OutputFiles.summary(run, this.out.get()) : OutputFiles.summary(run);
            for (String line : summary.subList(1, 4)) out.println(line);
            if (run.judgement().isPresent() && run.failed()) out.println(run.judgement().get().text());
            if (this.out.isPresent()) {
                List<Path> files = OutputFiles.write(this.out.get(), run);
                out.println("wrote " + files.size() + " files to " + this.out.get());
            }
            return exitCode(run.outcome());
        }
    }

    // ---------------------------------------------------------------- sweep

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "Runs a range of seeds on all cores and summarizes outcomes and coverage.")
    static final class SweepCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--seeds", required = true, description = "seed range A..B (inclusive)")
        String seeds;

        @Mixin
        WorldOptions world = new WorldOptions();

        @Option(names = "--threads", description = "threads (default: available processors)")
        Optional<Integer> threads;

        @Option(names = "--stop-at-first", description = "stop at the first failing seed")
        boolean stopAtFirst;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            long[] range = parseRange(spec, seeds);
            configOrUsage(spec, world, range[0]); // validate the options once, as a usage error
            int n = threads.orElse(Runtime.getRuntime().availableProcessors());
            if (n < 1) throw usage(spec, "--threads must be at least 1");
            out.println("sweep of seeds " + range[0] + ".." + range[1] + ": " + world.replicas + " replicas, "
                    + world.clients + " sessions, " + world.ops + " ops, faults " + world.faults
                    + (world.bugs.equals("none") ? "" : ", BUGS " + world.bugs)
                    + (world.pageVersions == 0 ? "" : ", state-transfer pages of " + world.pageVersions + " versions"));
            out.flush();
            Sweep.Summary summary = Sweep.run(range[0], range[1], s -> world.config(s), CheckerJudge::new, n,
                    stopAtFirst, r -> { });
            for (String line : summary.report()) out.println(line);
            boolean unknown = summary.outcomes().containsKey(RunResult.Outcome.UNKNOWN);
            return !summary.failures().stream().allMatch(r -> r.outcome() == RunResult.Outcome.UNKNOWN) ? FAILED
                    : unknown ? UNKNOWN : OK;
        }
    }

    static long[] parseRange(CommandLine.Model.CommandSpec spec, String text) {
        String[] parts = text.split("\\.\\.");
        try {
            if (parts.length == 1) {
                long only = Long.parseLong(parts[0].trim());
                return new long[] {only, only};
            }
            if (parts.length == 2) {
                long a = Long.parseLong(parts[0].trim()), b = Long.parseLong(parts[1].trim());
                if (b >= a) return new long[] {a, b};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage(spec, "--seeds must be A..B with A <= B, got '" + text + "'");
    }

    // ---------------------------------------------------------------- shrink

    @Command(name = "shrink", mixinStandardHelpOptions = true,
            description = "Shrinks a failing seed to a small run that fails the same way, and writes it.")
    static final class Shrink implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--seed", required = true, description = "the failing seed")
        long seed;

        @Mixin
        WorldOptions world = new WorldOptions();

        @Option(names = "--attempts", defaultValue = "400", description = "most runs to try (default: ${DEFAULT-VALUE})")
        int attempts;

        @Option(names = "--out", description = "folder for the small run's files (default: runs/shrunk-<seed>)")
        Optional<Path> out;

        @Option(names = "--verbose", description = "print every candidate tried")
        boolean verbose;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            SimConfig config = configOrUsage(spec, world, seed);
            out.println(config.describe());
            RunResult original = Simulation.run(config, false, new CheckerJudge());
            out.println(original.headline());
            if (!original.failed()) {
                out.println("nothing to shrink: the run passes");
                return OK;
            }
            out.println("shrinking while it fails as: " + original.signature());
            out.flush();
            Shrinker shrinker = new Shrinker(new CheckerJudge(), attempts, line -> {
                if (verbose || line.contains("still fails")) {
                    out.println(line);
                    out.flush();
                }
            });
            Shrinker.Shrunk shrunk = shrinker.shrink(original);
            RunResult small = Simulation.run(shrunk.smallest().config(), true, new CheckerJudge());
            out.println();
            out.println("after " + shrunk.attempts() + " runs: " + small.config().describe());
            out.println(small.headline());
            out.println("history: " + small.world().history().size() + " events (was "
                    + original.world().history().size() + ")");
            Path dir = this.out.orElse(Path.of("runs", "shrunk-" + seed));
            out.println("replay: " + small.replayCommand(dir));
            List<Path> files = OutputFiles.write(dir, small);
            if (small.judgement().isPresent()) out.println(small.judgement().get().text());
            out.println("wrote " + files.size() + " files to " + dir);
            return exitCode(small.outcome());
        }
    }

    // ---------------------------------------------------------------- bench

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Measures simulated time per real time and simulated messages per second.")
    static final class Bench implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--seconds", defaultValue = "10", description = "real seconds to measure each load (default: ${DEFAULT-VALUE})")
        int seconds;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (seconds < 1) throw usage(spec, "--seconds must be at least 1");
            for (String line : Benchmark.run(seconds, line -> {
                out.println(line);
                out.flush();
            })) {
                out.println(line);
            }
            return OK;
        }
    }
}
