package kvs.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state files that record what a cluster made (processes, namespaces, bridge), one per cluster,
 * in a directory that survives the JVM (system property {@code kvs.cluster.stateDir}, else
 * {@code $KVS_CLUSTER_STATE_DIR}, default {@code /tmp/kvs-cluster-<user>}, one per user so that
 * anyone can write theirs); written atomically after every change.
 */
public final class StateFiles {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private StateFiles() {}

    public static Path defaultDir() {
        String property = System.getProperty("kvs.cluster.stateDir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("KVS_CLUSTER_STATE_DIR");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("java.io.tmpdir"), "kvs-cluster-" + System.getProperty("user.name", "user"));
    }

    /** A fresh state file name for a cluster of this JVM. */
    static Path fresh(Path dir, String kind) {
        return dir.resolve(kind + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + ".state");
    }

    static void write(Path file, Map<String, String> state) {
        Properties properties = new Properties();
        properties.putAll(state);
        try {
            Files.createDirectories(file.getParent());
            StringWriter text = new StringWriter();
            properties.store(text, "kvs cluster state: what to remove if its owner dies (kvs-test clean)");
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
            ProcessCluster.moveAtomically(tmp, file);
        } catch (IOException e) {
            throw new ClusterException("cannot write the cluster state file " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ClusterException("cannot read the cluster state file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> state = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            state.put(name, properties.getProperty(name));
        }
        return state;
    }
}
