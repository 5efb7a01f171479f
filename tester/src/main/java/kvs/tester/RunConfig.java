package kvs.tester;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import kvs.cluster.NetnsConfig;
import kvs.tester.nemesis.FaultKind;

/**
 * Everything a {@code kvs-test run} needs, checked.
 *
 * @param replicaCommand run with {@code bash -c} in {@code directory}, once per replica
 * @param network where replicas live
 * @param netns the netns layout (used when {@code network} is netns)
 * @param loopbackBasePort first port on loopback (replica i at base + i); empty for free ports
 * @param conformance whether the conformance suite runs first (its failures make the run invalid)
 * @param commandLine the command line as given, to repeat the run
 */
public record RunConfig(String name, String replicaCommand, Path directory, int replicas, Duration time, int sessions, int keys,
                        String mix, long seed, Set<FaultKind> nemesis, Duration nemesisInterval, Path out, Network network,
                        NetnsConfig netns, Optional<Integer> loopbackBasePort, Duration readyTimeout,
                        Duration convergeTimeout, Duration clientTimeout, boolean strictDurability, boolean conformance,
                        String commandLine) {
    public enum Network { NETNS, LOOPBACK }

    public static final int REPLICAS_MAX = 50;

    public RunConfig {
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("--name must be 1 to 64 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        if (replicas < 1 || replicas > REPLICAS_MAX) {
            throw new IllegalArgumentException("--replicas must be 1.." + REPLICAS_MAX + ", got " + replicas);
        }
        if (sessions < 1 || sessions > 256) {
            throw new IllegalArgumentException("--sessions must be 1..256, got " + sessions);
        }
        if (keys < 1 || keys > 100_000) {
            throw new IllegalArgumentException("--keys must be 1..100000, got " + keys);
        }
        positive(time, "--time");
        positive(nemesisInterval, "--nemesis-interval");
        positive(readyTimeout, "--ready-timeout");
        positive(convergeTimeout, "--converge-timeout");
        positive(clientTimeout, "--client-timeout");
        if (nemesisInterval.toMillis() < 100) {
            throw new IllegalArgumentException("--nemesis-interval must be at least 100ms");
        }
        if (!java.nio.file.Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--dir " + directory + " is not a directory");
        }
        directory = directory.toAbsolutePath().normalize();
        nemesis = Set.copyOf(nemesis);
    }

    private static void positive(Duration d, String option) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(option + " must be positive");
        }
    }
}
