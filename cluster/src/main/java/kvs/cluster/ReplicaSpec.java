package kvs.cluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a member runs: {@code bash -c command} in {@code directory}, with {@code SOCKET_ADDRESS},
 * {@code VIEW} and {@code KVS_REPLICA_INDEX} (its 0-based index) added to the environment, plus
 * {@code extraEnv}. Its stdout and stderr are appended to {@code logDir/replica-<i+1>.log}.
 */
public record ReplicaSpec(String command, Path directory, Path logDir, Map<String, String> extraEnv) {
    public ReplicaSpec {
        Objects.requireNonNull(command, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("the replica command is empty");
        }
        directory = directory.toAbsolutePath().normalize();
        logDir = logDir.toAbsolutePath().normalize();
        extraEnv = new TreeMap<>(extraEnv);
    }

    public ReplicaSpec(String command, Path directory, Path logDir) {
        this(command, directory, logDir, Map.of());
    }

    /** The log of member i (0-based): {@code replica-<i+1>.log}. */
    public Path logFile(int i) {
        return logDir.resolve("replica-" + (i + 1) + ".log");
    }
}
