package kvs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The launchers in scripts/ (one library, scripts/lib/launch.sh): KVS_JAVA_OPTS adds to the
 * defaults rather than replacing them, JAVA_OPTS is not read, and the class-data archive is made
 * once per build. Runs scripts/kvs-check, whose jar the build makes before this module's tests;
 * run alone without it, the test is skipped.
 */
class LauncherTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private record Ran(int exit, String out) {}

    private static Ran launch(String kvsJavaOpts, String javaOpts, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("scripts/kvs-check").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KVS_JAVA_OPTS", kvsJavaOpts);
        builder.environment().put("JAVA_OPTS", javaOpts);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new Ran(process.exitValue(), out);
    }

    @Test
    void kvsJavaOptsAddsToTheDefaultsAndJavaOptsIsNotRead() throws Exception {
        Path jar = ROOT.resolve("checker/target/kvs-check.jar");
        Assumptions.assumeTrue(Files.exists(jar), "kvs-check jar not built");
        Ran ran = launch("-XX:+PrintCommandLineFlags -Xmx300m", "-Xmx100m -XX:+UseSerialGC", "--version");
        assertEquals(0, ran.exit(), ran.out());
        assertTrue(ran.out().contains("-XX:+UseParallelGC"), "the default GC is kept: " + ran.out());
        assertTrue(ran.out().contains("-XX:MaxHeapSize=314572800"), "the added -Xmx wins over the default -Xmx1g: " + ran.out());
        assertTrue(!ran.out().contains("UseSerialGC"), "JAVA_OPTS is not read: " + ran.out());
        assertTrue(ran.out().contains("kvs-check "), ran.out());
        Path archive = ROOT.resolve("checker/target/kvs-check.jsa");
        assertTrue(Files.exists(archive) || Files.exists(ROOT.resolve("checker/target/kvs-check.jsa.failed")),
                "the launcher made the class-data archive (or marked its training failed)");
        assertTrue(ran.out().contains("-XX:SharedArchiveFile=") || !Files.exists(archive), "and uses it: " + ran.out());
    }
}
