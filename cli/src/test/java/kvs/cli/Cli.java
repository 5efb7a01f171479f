package kvs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Runs kvs-cli in this JVM through picocli's {@code execute}, with its own home folder and captured output. */
public final class Cli {
    private final Path home;
    private final Map<String, String> environment = new TreeMap<>();

    public Cli(Path home) {
        this.home = home;
        environment.put("KVS_HOME", home.resolve("kvs").toString());
    }

    public Cli withReplicas(String commaSeparated) {
        environment.put("KVS_REPLICAS", commaSeparated);
        return this;
    }

    public Path kvsHome() {
        return home.resolve("kvs");
    }

    /** What one command did. */
    public record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    public Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Context context = new Context(environment, home);
        int exit = Main.commandLine(context, args, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
