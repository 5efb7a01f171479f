package kvs.tester;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import kvs.cluster.Leftovers;
import kvs.cluster.LoopbackCluster;
import kvs.cluster.NetnsCluster;
import kvs.cluster.ProcessCluster;
import kvs.cluster.ReplicaSpec;
import kvs.cluster.StateFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A cluster that outlives the command: {@code up} starts it and leaves it running (its state file
 * records it), the other commands attach to it, act, and leave it. Replicas are numbered from 1.
 * {@code scripts/netns-cluster} is this command with the old script's names.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Start a cluster by hand and inject faults into it (replicas numbered from 1).",
        footerHeading = "%nExamples:%n",
        footer = {"  scripts/kvs-test cluster up 3", "  scripts/kvs-test cluster isolate 3",
                  "  scripts/kvs-test cluster partition 1,2 --from 3 --one-way", "  scripts/kvs-test cluster heal",
                  "  scripts/kvs-test cluster status", "  scripts/kvs-test cluster down"})
final class ClusterCommand {
    @Mixin
    NetworkOptions networkOptions = new NetworkOptions();

    @Option(names = "--replica-cmd", paramLabel = "CMD", description = "Command of a replica (default: this checkout's scripts/replica).")
    Optional<String> replicaCommand = Optional.empty();

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Folder the command runs in.")
    Path dir;

    @Option(names = "--logs", paramLabel = "DIR", defaultValue = "runs/cluster", description = "Replica logs (default: ${DEFAULT-VALUE}).")
    Path logs;

    @Option(names = "--ready-timeout", defaultValue = "60s", converter = DurationConverter.class, description = "Default: ${DEFAULT-VALUE}.")
    Duration readyTimeout;

    @Command(name = "up", description = "Start N replicas (default 3), VIEW = all; removes an earlier cluster of the same names first.")
    int up(@Parameters(paramLabel = "N", defaultValue = "3") int n) throws IOException {
        removeEarlier();
        ReplicaSpec spec = new ReplicaSpec(replicaCommand.orElseGet(Home::ourReplica), dir, logs);
        Files.createDirectories(logs);
        try (Stream<Path> old = Files.list(logs)) {
            for (Path log : old.filter(f -> f.getFileName().toString().matches("replica-\\d+\\.log")).toList()) {
                Files.delete(log);
            }
        }
        ProcessCluster cluster = networkOptions.network(System.err, "kvs-test cluster", "no partitions") == RunConfig.Network.NETNS
                ? NetnsCluster.start(spec, n, networkOptions.netns(), stateDir())
                : LoopbackCluster.start(spec, n, loopbackPort(), stateDir());
        for (int i = 0; i < n; i++) {
            ready(cluster, i);
        }
        cluster.detach();
        say("up: " + n + " replicas answering, VIEW=" + String.join(",", cluster.addresses()) + "; logs in " + logs.toAbsolutePath());
        return 0;
    }

    @Command(name = "down", description = "Kill every replica and remove namespaces, veths, bridge and rules (idempotent).")
    int down() {
        removeEarlier();
        say("down: nothing left");
        return 0;
    }

    private void removeEarlier() {
        Path dir = stateDir();
        if (Files.isDirectory(dir)) {
            Leftovers.clean(dir, true);
        }
        if (network() == RunConfig.Network.NETNS && NetnsCluster.isRoot()) {
            NetnsCluster.removeByName(networkOptions.netns());
        }
    }

    @Command(name = "kill", description = "SIGKILL replica I (its process group).")
    int kill(@Parameters(paramLabel = "I") int i) {
        return act(c -> c.kill(index(c, i)), "kill: replica " + i + " killed with SIGKILL");
    }

    @Command(name = "start", description = "(Re)start replica I at its address, VIEW = every member; waits until it answers.")
    int start(@Parameters(paramLabel = "I") int i) {
        return act(c -> {
            c.start(index(c, i));
            ready(c, index(c, i));
        }, "start: replica " + i + " answering");
    }

    @Command(name = "pause", description = "SIGSTOP replica I.")
    int pause(@Parameters(paramLabel = "I") int i) {
        return act(c -> c.pause(index(c, i)), "pause: replica " + i + " stopped");
    }

    @Command(name = "resume", description = "SIGCONT replica I.")
    int resume(@Parameters(paramLabel = "I") int i) {
        return act(c -> c.resume(index(c, i)), "resume: replica " + i + " continued");
    }

    @Command(name = "add", description = "A new member joins with VIEW = the live replicas and itself; prints its number.")
    int add() {
        int[] joined = new int[1];
        int code = act(c -> {
            joined[0] = c.join();
            ready(c, joined[0]);
            say("add: replica " + (joined[0] + 1) + " answering at " + c.addresses().get(joined[0]));
        }, null);
        System.out.println(joined[0] + 1);
        return code;
    }

    @Command(name = "partition", description = "Drop traffic between group I,J.. and group K,L.. (default: every other member).")
    int partition(@Parameters(paramLabel = "I[,J..]") String group,
                  @Option(names = "--from", paramLabel = "K[,L..]") Optional<String> from,
                  @Option(names = "--one-way", description = "Only the group's own connections to the other side are dropped.") boolean oneWay) {
        return act(c -> {
            Set<Integer> side = parse(c, group);
            Set<Integer> other = from.isPresent() ? parse(c, from.get()) : rest(c, side);
            c.partition(side, other, oneWay);
        }, "partition: {" + group + "} " + (oneWay ? "-/->" : "|") + " {" + from.orElse("the others") + "}");
    }

    @Command(name = "isolate", description = "Same as: partition I.")
    int isolate(@Parameters(paramLabel = "I") int i) {
        return partition(Integer.toString(i), Optional.empty(), false);
    }

    @Command(name = "hang", description = "Cut replica I's cable: every packet to or from it dropped, the host's too.")
    int hang(@Parameters(paramLabel = "I") int i) {
        return act(c -> c.hang(index(c, i)), "hang: replica " + i + " cut off (packets dropped)");
    }

    @Command(name = "heal", description = "Remove every cut and resume paused replicas.")
    int heal() {
        return act(ProcessCluster::heal, "heal: every cut removed");
    }

    @Command(name = "status", description = "One line per member: number, address, process, cuts, the view it reports.")
    int status() {
        return act(c -> {
            String[] lines = c.status().split("\n");
            for (int i = 0; i < lines.length; i++) {
                String view = c.isRunning(i) && !c.isPaused(i) ? viewOf(c.addresses().get(i)) : "";
                System.out.println(lines[i] + (view.isEmpty() ? "" : " view=" + view));
            }
        }, null);
    }

    @Command(name = "addresses", description = "Every member's IP:PORT, comma-separated (a VIEW).")
    int addresses() {
        return act(c -> System.out.println(String.join(",", c.addresses())), null);
    }

    private interface Action {
        void apply(ProcessCluster cluster) throws Exception;
    }

    private int act(Action action, String done) {
        ProcessCluster cluster = attach();
        try {
            action.apply(cluster);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            cluster.detach();
        }
        if (done != null) {
            say(done);
        }
        return 0;
    }

    private ProcessCluster attach() {
        Path dir = stateDir();
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            List<Path> states = files.filter(f -> f.toString().endsWith(".state")).sorted().toList();
            if (states.isEmpty()) {
                throw new IllegalArgumentException("no cluster is up (no state in " + dir + "); run: kvs-test cluster up");
            }
            return Leftovers.attach(states.get(states.size() - 1));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path stateDir() {
        String name = network() == RunConfig.Network.NETNS ? "cli-netns-" + networkOptions.bridge : "cli-loopback-" + loopbackPort();
        return StateFiles.defaultDir().resolve(name);
    }

    /** The network, resolved quietly (only {@code up} says that auto chose loopback). */
    private RunConfig.Network network() {
        return networkOptions.network(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), "", "");
    }

    /** The first loopback port: fixed (21000 unless --port), so that later commands find the cluster. */
    private int loopbackPort() {
        return networkOptions.loopbackBasePort().orElse(21000);
    }

    private void ready(ProcessCluster cluster, int i) {
        if (!cluster.awaitReady(i, readyTimeout)) {
            throw new IllegalStateException("replica " + (i + 1) + " does not answer at " + cluster.addresses().get(i) + " after "
                    + readyTimeout.toSeconds() + " s; its log " + cluster.logFile(i) + " ends with:\n" + cluster.logTail(i, 20));
        }
    }

    private static int index(ProcessCluster cluster, int number) {
        if (number < 1 || number > cluster.size()) {
            throw new IllegalArgumentException("no replica " + number + " (the cluster has 1.." + cluster.size() + ")");
        }
        return number - 1;
    }

    private static Set<Integer> parse(ProcessCluster cluster, String group) {
        Set<Integer> out = new TreeSet<>();
        for (String item : group.split(",")) {
            try {
                out.add(index(cluster, Integer.parseInt(item.strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a group is a comma-separated list of replica numbers, got '" + group + "'");
            }
        }
        return out;
    }

    private static Set<Integer> rest(ProcessCluster cluster, Set<Integer> side) {
        Set<Integer> out = new TreeSet<>();
        for (int i = 0; i < cluster.size(); i++) {
            if (!side.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    private static String viewOf(String address) {
        kvs.cli.http.ReplicaClient client = new kvs.cli.http.ReplicaClient(Duration.ofMillis(500), Duration.ofSeconds(1));
        var outcome = client.send(kvs.cli.http.ReplicaAddress.parse(address), "GET", "/view", Optional.empty());
        if (outcome instanceof kvs.cli.http.HttpOutcome.Answered a) {
            return a.rawBody();
        }
        return "no answer";
    }

    private static void say(String text) {
        System.err.println("kvs-test cluster: " + text);
    }
}
