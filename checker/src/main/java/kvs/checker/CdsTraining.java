package kvs.checker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code java -XX:ArchiveClassesAtExit=F -jar kvs-check.jar --cds-training}: generates two small
 * histories (a valid one and one with an anomaly), checks them with every output, exports one and
 * makes a usage error, so that the JVM archives the classes these load. {@code scripts/kvs-check}
 * does this once per build and starts every check with that archive.
 */
final class CdsTraining {
    private CdsTraining() {}

    static int run() {
        try {
            Path dir = Files.createTempDirectory("kvs-check-cds-");
            try {
                PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
                Path valid = dir.resolve("valid.jsonl");
                Path stale = dir.resolve("stale.jsonl");
                Main.run(new String[] {"generate", "--ops", "300", "--sessions", "4", "-o", valid.toString()}, sink, sink);
                Main.run(new String[] {"generate", "--ops", "300", "--anomaly", "stale-read", "-o", stale.toString()}, sink, sink);
                Main.run(new String[] {valid.toString()}, sink, sink);
                Main.run(new String[] {stale.toString(), "--html", dir.resolve("r.html").toString()}, sink, sink);
                Main.run(new String[] {stale.toString(), "--json"}, sink, sink);
                Main.run(new String[] {"export", "--format", "plume", valid.toString(), "-o", dir.resolve("p.txt").toString()}, sink, sink);
                Main.run(new String[] {valid.toString(), "--modle", "cc"}, sink, sink);
                Main.run(new String[] {"--help"}, sink, sink);
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
