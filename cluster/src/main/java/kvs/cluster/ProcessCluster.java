package kvs.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The process side shared by both networks: each member runs {@code setsid bash -c COMMAND} (so it
 * leads its own process group and every child it forks is killed, paused and resumed with it), with
 * its output appended to its log. What was made is written to a state file after every change, so
 * {@link Leftovers#clean} can remove it after a crash of the JVM that made it; a shutdown hook closes
 * the cluster on Ctrl-C.
 */
public abstract class ProcessCluster implements Cluster {
    private static final Duration KILL_WAIT = Duration.ofSeconds(15);

    /** A member: its address and, while it runs, its process group (pid = pgid, thanks to setsid). */
    static final class Member {
        final int index;
        final String address;
        Process process;
        long pid;
        long pidStartMillis;
        boolean paused;

        Member(int index, String address) {
            this.index = index;
            this.address = address;
        }

        boolean running() {
            if (process != null) {
                return process.isAlive();
            }
            return pid > 0 && Leftovers.alive(pid, pidStartMillis);
        }
    }

    protected final ReplicaSpec spec;
    protected final List<Member> members = new ArrayList<>();
    private final Path stateFile;
    private Thread closeOnExit;
    private boolean closed;

    ProcessCluster(ReplicaSpec spec, Path stateFile) {
        this.spec = spec;
        this.stateFile = stateFile;
    }

    /** Registers the shutdown hook that closes the cluster when the JVM exits (Ctrl-C included). */
    final void closeOnExit() {
        closeOnExit = new Thread(this::closeQuietly, "cluster-close-on-exit");
        Runtime.getRuntime().addShutdownHook(closeOnExit);
    }

    /** What a member's command is prefixed with to run on its network (e.g. {@code ip netns exec NS}). */
    abstract List<String> launchPrefix(int i);

    /** Makes the network side of a new member (nothing on loopback). */
    abstract String newMemberAddress(int i);

    /** Kills stragglers of member i that left its process group (netns: every pid in its namespace). */
    void killStragglers(int i) {}

    /** Removes the network side of everything (after every process is gone). */
    abstract void removeNetwork();

    /** Kind-specific entries of the state file. */
    abstract void describe(Map<String, String> state);

    /** Kind-specific status of a member (cuts). */
    String memberStatus(int i) {
        return "";
    }

    @Override
    public synchronized List<String> addresses() {
        List<String> list = new ArrayList<>();
        for (Member m : members) {
            list.add(m.address);
        }
        return List.copyOf(list);
    }

    public synchronized int size() {
        return members.size();
    }

    public synchronized boolean isRunning(int i) {
        return member(i).running();
    }

    /** Member i's pid (the leader of its process group), or 0 when it does not run. */
    public synchronized long pid(int i) {
        Member m = member(i);
        return m.running() ? m.pid : 0;
    }

    public synchronized boolean isPaused(int i) {
        return member(i).paused;
    }

    public ReplicaSpec spec() {
        return spec;
    }

    public Path stateFile() {
        return stateFile;
    }

    @Override
    public Path logFile(int i) {
        member(i);
        return spec.logFile(i);
    }

    /** The last {@code lines} lines of member i's log (empty when it has none). */
    public String logTail(int i, int lines) {
        try {
            List<String> all = Files.readAllLines(logFile(i), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Starts members 0..n-1 with VIEW = all of them (used by the factories). */
    final void startInitial(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a cluster needs at least one replica, got " + n);
        }
        for (int i = 0; i < n; i++) {
            members.add(new Member(i, newMemberAddress(i)));
            save();
        }
        String view = String.join(",", addresses());
        for (int i = 0; i < n; i++) {
            launch(i, view);
        }
        save();
    }

    @Override
    public synchronized void start(int i) {
        Member m = member(i);
        if (m.running()) {
            throw new ClusterException("replica " + (i + 1) + " (" + m.address + ") is already running (pid " + m.pid + ")");
        }
        launch(i, String.join(",", addresses()));
        save();
    }

    @Override
    public synchronized int join() {
        int i = members.size();
        Member m = new Member(i, newMemberAddress(i));
        members.add(m);
        save();
        List<String> view = new ArrayList<>();
        for (Member other : members) {
            if (other == m || other.running()) {
                view.add(other.address);
            }
        }
        launch(i, String.join(",", view));
        save();
        return i;
    }

    @Override
    public synchronized void kill(int i) {
        Member m = member(i);
        killMember(m);
        save();
    }

    @Override
    public synchronized void pause(int i) {
        Member m = member(i);
        if (!m.running()) {
            throw new ClusterException("replica " + (i + 1) + " is not running; cannot pause it");
        }
        Commands.signalGroup(m.pid, "STOP");
        m.paused = true;
        save();
    }

    @Override
    public synchronized void resume(int i) {
        Member m = member(i);
        if (m.pid > 0) {
            Commands.signalGroup(m.pid, "CONT");
        }
        m.paused = false;
        save();
    }

    /** Resumes every paused member (the process half of {@link #heal()}). */
    final void resumeAll() {
        for (Member m : members) {
            if (m.paused) {
                if (m.pid > 0) {
                    Commands.signalGroup(m.pid, "CONT");
                }
                m.paused = false;
            }
        }
        save();
    }

    @Override
    public boolean awaitReady(int i, Duration timeout) {
        String address;
        synchronized (this) {
            address = member(i).address;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (HttpProbe.answers(address, 500)) {
                return true;
            }
            synchronized (this) {
                if (!member(i).running()) {
                    return false;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(50);
        }
    }

    /** One line per member: index, address, process, pause, cuts. */
    public synchronized String status() {
        StringBuilder text = new StringBuilder();
        for (Member m : members) {
            text.append(String.format(java.util.Locale.ROOT, "%-3d %-21s %-7s pid=%-7s %s", m.index + 1, m.address,
                    m.running() ? (m.paused ? "paused" : "up") : "down", m.running() ? Long.toString(m.pid) : "-",
                    memberStatus(m.index)).stripTrailing()).append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            for (Member m : members) {
                try {
                    killMember(m);
                } catch (RuntimeException e) {
                    System.err.println("cluster: could not kill replica " + (m.index + 1) + ": " + e.getMessage());
                }
            }
            removeNetwork();
            try {
                Files.deleteIfExists(stateFile);
            } catch (IOException e) {
                System.err.println("cluster: could not delete " + stateFile + ": " + e.getMessage());
            }
        } finally {
            removeHook();
        }
    }

    /**
     * Leaves everything running and forgets it: no shutdown hook; the state file stays, so a later
     * {@code attach} (or {@code clean}) finds it. Used by {@code kvs-test cluster up}.
     */
    public synchronized void detach() {
        for (Member m : members) {
            m.process = null;
        }
        save(0, 0);
        closed = true;
        removeHook();
    }

    private void removeHook() {
        Thread hook = closeOnExit;
        closeOnExit = null;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("cluster: cleanup on exit failed: " + e.getMessage() + " (run: kvs-test clean)");
        }
    }

    protected final Member member(int i) {
        if (i < 0 || i >= members.size()) {
            throw new IllegalArgumentException("no replica with index " + i + " (the cluster has " + members.size() + ")");
        }
        return members.get(i);
    }

    private void launch(int i, String view) {
        Member m = member(i);
        Path log = spec.logFile(i);
        List<String> command = new ArrayList<>(launchPrefix(i));
        command.addAll(List.of("setsid", "bash", "-c", spec.command()));
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- " + Instant.now() + " start SOCKET_ADDRESS=" + m.address + " VIEW=" + view
                    + " KVS_REPLICA_INDEX=" + i + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(spec.directory().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = builder.environment();
            env.putAll(spec.extraEnv());
            env.put("SOCKET_ADDRESS", m.address);
            env.put("VIEW", view);
            env.put("KVS_REPLICA_INDEX", Integer.toString(i));
            Process process = builder.start();
            m.process = process;
            m.pid = process.pid();
            m.pidStartMillis = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            m.paused = false;
            awaitOwnGroup(m);
        } catch (IOException e) {
            throw new ClusterException("cannot start replica " + (i + 1) + " (" + String.join(" ", command) + " in "
                    + spec.directory() + "): " + e.getMessage(), e);
        }
    }

    /** Waits (briefly) until setsid has made the process its own group leader, so group signals reach it. */
    private static void awaitOwnGroup(Member m) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() - deadline < 0) {
            Optional<Long> pgid = Leftovers.pgid(m.pid);
            if (pgid.isEmpty() || pgid.get() == m.pid) {
                return;
            }
            sleep(2);
        }
    }

    private void killMember(Member m) {
        if (m.pid > 0) {
            Commands.signalGroup(m.pid, "KILL");
            if (m.running()) {
                Commands.signal(m.pid, "KILL");
            }
        }
        killStragglers(m.index);
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        if (m.process != null) {
            try {
                m.process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        while (m.pid > 0 && (m.running() || Commands.groupAlive(m.pid))) {
            if (System.nanoTime() - deadline > 0) {
                throw new ClusterException("replica " + (m.index + 1) + " (pid " + m.pid + ") survived SIGKILL for "
                        + KILL_WAIT.toSeconds() + " s");
            }
            Commands.signalGroup(m.pid, "KILL");
            sleep(20);
        }
        m.process = null;
        m.pid = 0;
        m.pidStartMillis = 0;
        m.paused = false;
    }

    final void save() {
        ProcessHandle self = ProcessHandle.current();
        save(self.pid(), self.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
    }

    private void save(long ownerPid, long ownerStart) {
        Map<String, String> state = new TreeMap<>();
        state.put("owner.pid", Long.toString(ownerPid));
        state.put("owner.start", Long.toString(ownerStart));
        state.put("spec.command", spec.command());
        state.put("spec.dir", spec.directory().toString());
        state.put("spec.logdir", spec.logDir().toString());
        for (Map.Entry<String, String> e : spec.extraEnv().entrySet()) {
            state.put("env." + e.getKey(), e.getValue());
        }
        state.put("members", Integer.toString(members.size()));
        for (Member m : members) {
            String p = "member." + m.index + ".";
            state.put(p + "address", m.address);
            state.put(p + "pid", Long.toString(m.running() ? m.pid : 0));
            state.put(p + "pidstart", Long.toString(m.pidStartMillis));
            state.put(p + "paused", Boolean.toString(m.paused));
        }
        describe(state);
        StateFiles.write(stateFile, state);
    }

    /** Restores members from a state file written by {@link #save}. */
    final void restore(Map<String, String> state) {
        int n = Integer.parseInt(state.getOrDefault("members", "0"));
        for (int i = 0; i < n; i++) {
            String p = "member." + i + ".";
            Member m = new Member(i, state.get(p + "address"));
            m.pid = Long.parseLong(state.getOrDefault(p + "pid", "0"));
            m.pidStartMillis = Long.parseLong(state.getOrDefault(p + "pidstart", "0"));
            m.paused = Boolean.parseBoolean(state.getOrDefault(p + "paused", "false"));
            members.add(m);
        }
    }

    static ReplicaSpec specOf(Map<String, String> state) {
        Map<String, String> env = new TreeMap<>();
        for (Map.Entry<String, String> e : state.entrySet()) {
            if (e.getKey().startsWith("env.")) {
                env.put(e.getKey().substring(4), e.getValue());
            }
        }
        return new ReplicaSpec(state.get("spec.command"), Path.of(state.get("spec.dir")), Path.of(state.get("spec.logdir")), env);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted", e);
        }
    }

    static void requireDistinct(Set<Integer> side, Set<Integer> other) {
        for (Integer i : new java.util.TreeSet<>(side)) {
            if (other.contains(i)) {
                throw new IllegalArgumentException("replica " + (i + 1) + " is on both sides of the partition");
            }
        }
        if (side.isEmpty() || other.isEmpty()) {
            throw new IllegalArgumentException("a partition needs members on both sides, got " + side + " | " + other);
        }
    }

    static void moveAtomically(Path tmp, Path target) throws IOException {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
