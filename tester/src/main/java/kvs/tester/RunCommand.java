package kvs.tester;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import kvs.cluster.NetnsConfig;
import kvs.tester.nemesis.FaultKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start a cluster of an implementation, run causal sessions against it while a nemesis injects faults,"
                + " heal, wait for quiescence, check the history and write runs/<name>-<time>/ (runs/latest).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  scripts/kvs-test run --time 30s --nemesis all",
            "  scripts/kvs-test run --replica-cmd 'python3 app.py' --dir ~/store --seed 7",
            "  scripts/kvs-test run --network loopback --nemesis kill,pause --time 20s",
            "",
            "Each replica is started with 'bash -c CMD' in DIR, with SOCKET_ADDRESS, VIEW",
            "and KVS_REPLICA_INDEX (0-based) in its environment; its output goes to",
            "replica-<i>.log in the run folder. Exit codes: 0 valid and conformant,",
            "1 invalid or not conformant, 2 unknown (too weak a test), 64 usage, 70 internal."})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--replica-cmd", paramLabel = "CMD", description = "Command that starts one replica (default: this checkout's scripts/replica).")
    Optional<String> replicaCommand = Optional.empty();

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Folder the command runs in (default: the current one).")
    Path dir;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "3", description = "Replicas at the start (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--time", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long the sessions run (default: ${DEFAULT-VALUE}).")
    Duration time;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "8", description = "Concurrent client sessions (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "10", description = "Distinct keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--mix", paramLabel = "PUT:GET:DELETE", defaultValue = "45:45:10", description = "Operation weights (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the sessions' and the nemesis's choices (default: from the clock; printed).")
    Optional<Long> seed = Optional.empty();

    @Option(names = "--nemesis", paramLabel = "FAULTS", defaultValue = "all",
            description = "Faults: kill, pause, partition, hang, join (comma-separated), all or none (default: ${DEFAULT-VALUE}).")
    String nemesis;

    @Option(names = "--nemesis-interval", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Mean time between fault starts (default: ${DEFAULT-VALUE}).")
    Duration nemesisInterval;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Mixin
    NetworkOptions networkOptions = new NetworkOptions();

    @Option(names = "--ready-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a replica may take to answer after it starts (default: ${DEFAULT-VALUE}).")
    Duration readyTimeout;

    @Option(names = "--converge-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long the healed cluster may take to become quiescent (default: ${DEFAULT-VALUE}).")
    Duration convergeTimeout;

    @Option(names = "--client-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long a client waits for an answer before the outcome is unknown (default: ${DEFAULT-VALUE}).")
    Duration clientTimeout;

    @Option(names = "--strict-durability", description = "An acknowledged write lost with a crash makes the run invalid.")
    boolean strictDurability;

    @Option(names = "--no-conformance", negatable = false,
            description = "Skip the conformance suite that runs first (it checks every row of the API and the course's scenarios).")
    boolean noConformance;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "test", description = "Name of the run folder (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        RunConfig config = config(err);
        return new TestRun(config, System.out, err, System.console() != null).execute();
    }

    RunConfig config(PrintStream err) {
        RunConfig.Network net = networkOptions.network(err, "kvs-test",
                "no partitions or cut cables; as root they get namespaces of their own");
        long theSeed = seed.orElseGet(() -> System.currentTimeMillis() % 1_000_000);
        NetnsConfig netns = networkOptions.netns();
        Optional<Integer> base = net == RunConfig.Network.LOOPBACK ? networkOptions.loopbackBasePort() : Optional.empty();
        String command = replicaCommand.orElseGet(Home::ourReplica);
        return new RunConfig(name, command, dir, replicas, time, sessions, keys, mix, theSeed, FaultKind.parseList(nemesis),
                nemesisInterval, out, net, netns, base, readyTimeout, convergeTimeout, clientTimeout, strictDurability,
                !noConformance, repeatCommand(theSeed));
    }

    private String repeatCommand(long theSeed) {
        List<String> words = new ArrayList<>(List.of("scripts/kvs-test", "run"));
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        boolean seedGiven = false;
        for (String a : original.subList(!original.isEmpty() && original.get(0).equals("run") ? 1 : 0, original.size())) {
            seedGiven |= a.equals("--seed") || a.startsWith("--seed=");
            words.add(quote(a));
        }
        if (!seedGiven) {
            words.add("--seed");
            words.add(Long.toString(theSeed));
        }
        return String.join(" ", words);
    }

    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=,+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
