package kvs.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a command may know of the world outside its arguments: the environment variables it reads
 * and the user's home folder. Tests pass their own, so no test depends on the real environment.
 *
 * @param environment the variables {@code KVS_HOME} and {@code KVS_REPLICAS}, when set
 * @param userHome the folder under which {@code .kvs/} lives when {@code KVS_HOME} is not set
 */
public record Context(Map<String, String> environment, Path userHome) {
    public Context {
        environment = Map.copyOf(new TreeMap<>(environment));
        if (userHome == null) throw new IllegalArgumentException("userHome must be given");
    }

    public static Context fromSystem() {
        Map<String, String> env = new TreeMap<>();
        for (String name : new String[] {"KVS_HOME", "KVS_REPLICAS", "CLUSTER_TOKEN"}) {
            String value = System.getenv(name);
            if (value != null) env.put(name, value);
        }
        return new Context(env, Path.of(System.getProperty("user.home")));
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }

    /** {@code $KVS_HOME}, or {@code ~/.kvs}. */
    public Path kvsHome() {
        return variable("KVS_HOME").map(Path::of).orElse(userHome.resolve(".kvs"));
    }
}
