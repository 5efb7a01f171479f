package kvs.tester.conformance;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import kvs.cli.command.DurationConverter;
import kvs.cluster.Cluster;
import kvs.cluster.ClusterException;
import kvs.cluster.LoopbackCluster;
import kvs.cluster.NetnsCluster;
import kvs.cluster.ReplicaSpec;
import kvs.tester.NetworkOptions;
import kvs.tester.RunConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kvs-test conformance}: starts a cluster of any implementation (or talks to one that runs,
 * with {@code --against}), runs the conformance suite, prints one row per check, and exits 0 when
 * every check passes, 1 when one fails, 64 on a usage error, 70 when the cluster cannot be run.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks an implementation of the API against SPEC §2 and the course's scenarios, one PASS/FAIL/SKIP row per check.",
                "Exit: 0 every check passes, 1 a check fails, 64 usage, 70 the cluster could not be run."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  scripts/kvs-test conformance",
            "  scripts/kvs-test conformance --replica-cmd 'python3 app.py' --dir ~/my-store",
            "  scripts/kvs-test conformance --network loopback --replica-cmd 'node server.js' --dir ~/my-store",
            "  scripts/kvs-test conformance --against 127.0.0.1:8081,127.0.0.1:8082,127.0.0.1:8083",
            "",
            "Failing rows show the request sent, the answer received and what the spec wants; see docs/tester.md."})
public final class ConformanceCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 64;
    static final int INTERNAL = 70;

    @Option(names = "--replica-cmd", paramLabel = "CMD",
            description = "Command that runs one replica (bash -c, with SOCKET_ADDRESS, VIEW, KVS_REPLICA_INDEX set). Default: our replica (scripts/replica).")
    String replicaCommand;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder the command runs in (default: the current one).")
    Path directory = Path.of(".");

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "3", description = "Replicas to start (default 3; the scenarios need 3).")
    int replicas;

    @CommandLine.Mixin
    NetworkOptions networkOptions = new NetworkOptions();

    @Option(names = "--against", split = ",", paramLabel = "IP:PORT",
            description = "Check a cluster that is already running (comma-separated addresses); no faults, so the scenarios are skipped.")
    List<String> against = new ArrayList<>();

    @Option(names = "--no-scenarios", description = "Skip the course's scenarios (they kill, restart, pause and partition replicas).")
    boolean noScenarios;

    @Option(names = "--ready-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a replica may take to answer after its start (default 30s).")
    Duration readyTimeout;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Added to the spec's timing budgets on a busy machine (default 1s); the measured times are shown.")
    Duration grace;

    @Option(names = "--logs", paramLabel = "DIR", description = "Where the replicas' logs go (default runs/conformance-<time>/).")
    Path logs;

    private final PrintStream out;
    private final PrintStream err;

    public ConformanceCommand() {
        this(System.out, System.err);
    }

    ConformanceCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConformanceCommand()).execute(args));
    }

    @Override
    public Integer call() {
        ConformanceOptions options;
        try {
            options = new ConformanceOptions(Duration.ofSeconds(5), !noScenarios && against.isEmpty(), Duration.ofSeconds(15), grace);
            if (replicas < 1) throw new IllegalArgumentException("--replicas must be at least 1");
        } catch (IllegalArgumentException e) {
            err.println("kvs-test conformance: " + e.getMessage());
            return USAGE;
        }
        Cluster cluster;
        try {
            cluster = against.isEmpty() ? startCluster() : new ExistingCluster(against);
        } catch (IllegalArgumentException e) {
            err.println("kvs-test conformance: " + e.getMessage());
            return USAGE;
        } catch (ClusterException e) {
            err.println("kvs-test conformance: cannot start the cluster: " + e.getMessage());
            return INTERNAL;
        }
        try (cluster) {
            for (int i = 0; i < cluster.addresses().size(); i++) {
                if (!cluster.awaitReady(i, readyTimeout)) {
                    err.println("kvs-test conformance: replica " + (i + 1) + " (" + cluster.addresses().get(i) + ") did not answer within "
                            + readyTimeout.toSeconds() + " s" + (against.isEmpty() ? "; its log: " + cluster.logFile(i) : ""));
                    return INTERNAL;
                }
            }
            out.println("kvs-test conformance: " + cluster.addresses().size() + " replicas " + cluster.addresses());
            ConformanceTable.header(out);
            List<CheckResult> results = Conformance.check(cluster, options, result -> {
                ConformanceTable.row(out, result);
                out.flush();
            });
            out.println(ConformanceTable.summary(results));
            return Conformance.allPass(results) ? OK : FAILED;
        } catch (ClusterException e) {
            err.println("kvs-test conformance: the cluster failed: " + e.getMessage());
            return INTERNAL;
        }
    }

    private Cluster startCluster() {
        String command = Optional.ofNullable(replicaCommand).orElseGet(ConformanceCommand::defaultReplicaCommand);
        Path logDir = Optional.ofNullable(logs).orElseGet(() ->
                Path.of("runs", "conformance-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        ReplicaSpec spec = new ReplicaSpec(command, directory, logDir);
        boolean netns = networkOptions.network(err, "kvs-test conformance", "partition scenarios are skipped")
                == RunConfig.Network.NETNS;
        int basePort = netns ? 0 : networkOptions.loopbackBasePort().orElse(0); // a usage error comes before any output
        err.println("kvs-test conformance: replica logs in " + logDir.toAbsolutePath());
        return netns ? NetnsCluster.start(spec, replicas, networkOptions.netns()) : LoopbackCluster.start(spec, replicas, basePort);
    }

    /** Our replica: {@code scripts/replica} of the source tree this program was built in. */
    static String defaultReplicaCommand() {
        String home = System.getProperty("kvs.home");
        if (home != null && Files.isExecutable(Path.of(home, "scripts", "replica"))) {
            return "exec '" + Path.of(home, "scripts", "replica").toAbsolutePath() + "'";
        }
        try {
            Path here = Path.of(ConformanceCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                Path script = dir.resolve("scripts").resolve("replica");
                if (Files.isExecutable(script)) return "exec '" + script + "'";
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through
        }
        throw new IllegalArgumentException("cannot find scripts/replica next to this program: give --replica-cmd");
    }
}
