package kvs.replica.netns;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import kvs.cluster.NetnsConfig;
import kvs.cluster.ReplicaSpec;

/**
 * Drives a {@link kvs.cluster.NetnsCluster} (module {@code cluster}) from a test: one replica per
 * network namespace, at 10.10.0.(i+1):8090 for replica i = 1, 2, ..., reachable from the host over
 * the bridge {@code kvsbr0}. The replicas run from the test's own classpath (so {@code mvn verify}
 * needs no packaged jar), their logs go to {@code target/netns-run}.
 *
 * <p>Only one cluster can exist on a machine (one bridge, fixed addresses): {@link #open()} takes a
 * file lock that another test JVM (another worktree's build) waits for, and removes whatever an
 * earlier run left behind. Replica numbers here are 1-based, as in {@code scripts/netns-cluster}.
 */
final class NetnsCluster implements AutoCloseable {
    static final int PORT = 8090;
    static final NetnsConfig CONFIG = new NetnsConfig("10.10.0.0/24", "kvsbr0", "kvs", PORT);
    private static final Path LOCK_FILE = Path.of(System.getProperty("java.io.tmpdir"), "kvs-netns-cluster.lock");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path runDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private kvs.cluster.NetnsCluster cluster;

    private NetnsCluster(Path runDir, FileChannel lockChannel, FileLock lock) {
        this.runDir = runDir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Why netns tests cannot run here, or empty when they can (root, and {@code ip netns} works). */
    static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("netns tests need root (they create network namespaces, a bridge and nftables"
                    + " rules); running as '" + System.getProperty("user.name") + "', so they are skipped");
        }
        return kvs.cluster.NetnsCluster.unavailableReason().map(reason -> "netns tests cannot run: " + reason);
    }

    /** Takes the machine-wide lock (waiting for another holder) and returns a driver. */
    static NetnsCluster open() throws IOException {
        Path runDir = Path.of("target", "netns-run").toAbsolutePath();
        Files.createDirectories(runDir);
        FileChannel channel = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        return new NetnsCluster(runDir, channel, lock);
    }

    static String address(int replica) {
        return CONFIG.address(replica - 1);
    }

    /** Removes any earlier cluster (and its logs), then starts N replicas and waits until each answers. */
    void up(int replicas) {
        down();
        try (var logs = Files.list(runDir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                Files.delete(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear " + runDir + ": " + e.getMessage(), e);
        }
        cluster = kvs.cluster.NetnsCluster.start(new ReplicaSpec(replicaCommand(), runDir, runDir), replicas, CONFIG);
        for (int i = 0; i < replicas; i++) {
            awaitReady(i);
        }
    }

    void down() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        kvs.cluster.NetnsCluster.removeByName(CONFIG);
    }

    void kill(int replica) {
        cluster().kill(replica - 1);
    }

    void start(int replica) {
        cluster().start(replica - 1);
        awaitReady(replica - 1);
    }

    /** A new member joins; returns its (1-based) number. */
    int add() {
        int index = cluster().join();
        awaitReady(index);
        return index + 1;
    }

    void isolate(int replica) {
        Set<Integer> others = new TreeSet<>();
        for (int i = 0; i < cluster().size(); i++) {
            if (i != replica - 1) {
                others.add(i);
            }
        }
        cluster().partition(Set.of(replica - 1), others, false);
    }

    /** Drops traffic between two comma-separated groups of (1-based) replicas. */
    void partition(String group, String from) {
        cluster().partition(parse(group), parse(from), false);
    }

    void hang(int replica) {
        cluster().hang(replica - 1);
    }

    void heal() {
        cluster().heal();
    }

    String status() {
        return cluster == null ? "no cluster" : cluster.status();
    }

    /** The last lines of every replica's log, for a failure report. */
    String logTails(int linesPerLog) {
        StringBuilder text = new StringBuilder();
        if (cluster == null) {
            return "no cluster";
        }
        for (int i = 0; i < cluster.size(); i++) {
            Path log = cluster.logFile(i);
            text.append("==== ").append(log).append('\n');
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                lines.subList(Math.max(0, lines.size() - linesPerLog), lines.size())
                        .forEach(line -> text.append(line).append('\n'));
            } catch (IOException e) {
                text.append("cannot read: ").append(e.getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            down();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }

    private kvs.cluster.NetnsCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("no cluster is up: call up(n) first");
        }
        return cluster;
    }

    private void awaitReady(int index) {
        if (!cluster.awaitReady(index, READY_TIMEOUT)) {
            throw new IllegalStateException("replica " + (index + 1) + " does not answer at " + cluster.addresses().get(index)
                    + " after " + READY_TIMEOUT.toSeconds() + " s; its log ends with:\n" + cluster.logTail(index, 30));
        }
    }

    private static Set<Integer> parse(String group) {
        Set<Integer> indexes = new TreeSet<>();
        for (String item : group.split(",")) {
            indexes.add(Integer.parseInt(item.strip()) - 1);
        }
        return indexes;
    }

    /** Runs kvs.replica.Main from the classpath this test runs with. */
    private static String replicaCommand() {
        String surefire = System.getProperty("surefire.test.class.path");
        String classpath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return "exec java -Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp '" + classpath
                + "' kvs.replica.Main";
    }
}
