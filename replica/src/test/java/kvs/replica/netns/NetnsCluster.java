package kvs.replica.netns;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code scripts/netns-cluster} from a test: one replica per network namespace, at
 * 10.10.0.(i+1):8090, reachable from the host over the bridge. The replicas run from the test's
 * own classpath (so {@code mvn verify} needs no packaged jar), their logs go to
 * {@code target/netns-run}.
 *
 * <p>Only one cluster can exist on a machine (one bridge, fixed addresses): {@link #open()} takes a
 * file lock that another test JVM (another worktree's build) waits for, and tears down whatever an
 * earlier run left behind.
 */
final class NetnsCluster implements AutoCloseable {
    static final int PORT = 8090;
    private static final Path LOCK_FILE = Path.of(System.getProperty("java.io.tmpdir"), "kvs-netns-cluster.lock");
    /** Generous: the first {@code up} on a fresh machine may install nftables with apt-get. */
    private static final long SCRIPT_TIMEOUT_SECONDS = 300;

    private final Path script;
    private final Path runDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread downOnExit;

    private NetnsCluster(Path script, Path runDir, FileChannel lockChannel, FileLock lock) {
        this.script = script;
        this.runDir = runDir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.downOnExit = new Thread(this::downQuietly, "netns-cluster-down");
        Runtime.getRuntime().addShutdownHook(downOnExit);
    }

    /** Why netns tests cannot run here, or empty when they can (root, and {@code ip netns} works). */
    static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("netns tests need root (they create network namespaces, a bridge and nftables"
                    + " rules); running as '" + System.getProperty("user.name") + "', so they are skipped");
        }
        if (findScript().isEmpty()) {
            return Optional.of("netns tests need scripts/netns-cluster, not found above " + Path.of("").toAbsolutePath());
        }
        String probe = "kvsprobe" + ProcessHandle.current().pid();
        try {
            Result added = run(List.of("ip", "netns", "add", probe), Map.of(), 10);
            if (added.exitCode() != 0) {
                return Optional.of("netns tests need root with a working 'ip netns' (iproute2); 'ip netns add' said: "
                        + added.output().strip());
            }
            run(List.of("ip", "netns", "del", probe), Map.of(), 10);
        } catch (IOException e) {
            return Optional.of("netns tests need root with a working 'ip netns' (iproute2): " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Takes the machine-wide lock (waiting for another holder) and returns a driver. */
    static NetnsCluster open() throws IOException {
        Path script = findScript().orElseThrow(() -> new IllegalStateException("scripts/netns-cluster not found"));
        Path runDir = Path.of("target", "netns-run").toAbsolutePath();
        Files.createDirectories(runDir);
        FileChannel channel = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        return new NetnsCluster(script, runDir, channel, lock);
    }

    static String address(int replica) {
        return "10.10.0." + (replica + 1) + ":" + PORT;
    }

    void up(int replicas) {
        script("up", Integer.toString(replicas));
    }

    void down() {
        script("down");
    }

    void kill(int replica) {
        script("kill", Integer.toString(replica));
    }

    void start(int replica) {
        script("start", Integer.toString(replica));
    }

    /** A new member joins; returns its index. */
    int add() {
        String out = script("add").strip();
        String[] lines = out.split("\n");
        return Integer.parseInt(lines[lines.length - 1].strip());
    }

    void isolate(int replica) {
        script("isolate", Integer.toString(replica));
    }

    void partition(String group, String from) {
        script("partition", group, "--from", from);
    }

    void hang(int replica) {
        script("hang", Integer.toString(replica));
    }

    void heal() {
        script("heal");
    }

    String status() {
        return script("status");
    }

    /** The last lines of every replica's log, for a failure report. */
    String logTails(int linesPerLog) {
        StringBuilder text = new StringBuilder();
        Map<String, Path> logs = new TreeMap<>();
        try (var files = Files.list(runDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".log")).forEach(f -> logs.put(f.getFileName().toString(), f));
        } catch (IOException e) {
            return "cannot list " + runDir + ": " + e.getMessage();
        }
        for (Map.Entry<String, Path> log : logs.entrySet()) {
            text.append("==== ").append(log.getValue()).append('\n');
            try {
                List<String> lines = Files.readAllLines(log.getValue(), StandardCharsets.UTF_8);
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
            Runtime.getRuntime().removeShutdownHook(downOnExit);
            lock.release();
            lockChannel.close();
        }
    }

    private void downQuietly() {
        try {
            down();
        } catch (RuntimeException e) {
            System.err.println("netns-cluster down failed: " + e.getMessage());
        }
    }

    private String script(String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        Map<String, String> env = new TreeMap<>();
        env.put("KVS_NETNS_RUN", runDir.toString());
        env.put("KVS_REPLICA_JAVA_CP", replicaClasspath());
        env.put("KVS_JAVA_OPTS", "-Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto");
        try {
            Result result = run(command, env, SCRIPT_TIMEOUT_SECONDS);
            if (result.exitCode() != 0) {
                throw new IllegalStateException("netns-cluster " + String.join(" ", args) + " exited with "
                        + result.exitCode() + ":\n" + result.output());
            }
            return result.output();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        }
    }

    /** The classpath this test runs with, which holds kvs.replica.Main and its dependencies. */
    private static String replicaClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static Optional<Path> findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts").resolve("netns-cluster");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    record Result(int exitCode, String output) {}

    /** Runs a command with stderr merged into stdout; the output goes to a file, so no pipe fills up. */
    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws IOException {
        Path output = Files.createTempFile("netns-cluster", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
