package kvs.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds and removes what clusters left behind, from their state files. */
public final class Leftovers {
    private Leftovers() {}

    /**
     * Removes every cluster recorded in {@code stateDir} whose owner is gone (a crashed tester, or a
     * detached {@code cluster up}); with {@code force}, also those whose owner still runs. Returns one
     * line per cluster, saying what was done.
     */
    public static List<String> clean(Path stateDir, boolean force) {
        List<String> report = new ArrayList<>();
        if (!Files.isDirectory(stateDir)) {
            report.add("no state directory " + stateDir + ": nothing to clean");
            return report;
        }
        List<Path> files;
        try (Stream<Path> list = Files.walk(stateDir, 2)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".state")).sorted().toList();
        } catch (IOException e) {
            throw new ClusterException("cannot list " + stateDir + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            Map<String, String> state;
            try {
                state = StateFiles.read(file);
            } catch (ClusterException e) {
                report.add(file + ": " + e.getMessage());
                continue;
            }
            long owner = Long.parseLong(state.getOrDefault("owner.pid", "0"));
            long ownerStart = Long.parseLong(state.getOrDefault("owner.start", "0"));
            if (owner > 0 && alive(owner, ownerStart) && !force) {
                report.add(file + ": in use by the running process " + owner + " (left alone; --force removes it)");
                continue;
            }
            ProcessCluster cluster = attach(file, state);
            String what = cluster.size() + " replica(s) of '" + cluster.spec().command() + "' at "
                    + String.join(",", cluster.addresses());
            cluster.close();
            report.add(file.getFileName() + ": removed " + what);
        }
        if (files.isEmpty()) {
            report.add("no cluster state in " + stateDir + ": nothing to clean");
        }
        return report;
    }

    /** Re-attaches to a cluster from its state file (to act on it or to remove it). */
    public static ProcessCluster attach(Path file) {
        return attach(file, StateFiles.read(file));
    }

    static ProcessCluster attach(Path file, Map<String, String> state) {
        String kind = state.getOrDefault("kind", "");
        switch (kind) {
            case "loopback":
                return LoopbackCluster.attach(file, state);
            case "netns":
                return NetnsCluster.attach(file, state);
            default:
                throw new ClusterException(file + " is not a cluster state file (kind '" + kind + "')");
        }
    }

    /** Whether process pid runs and (when startMillis is known) is the one that started then. */
    static boolean alive(long pid, long startMillis) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (startMillis <= 0) {
            return true;
        }
        Optional<Instant> start = handle.get().info().startInstant();
        return start.isEmpty() || Math.abs(start.get().toEpochMilli() - startMillis) < 2000;
    }

    /** The process group of pid, from /proc (empty when it is gone). */
    static Optional<Long> pgid(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[2]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
