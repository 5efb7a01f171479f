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

    /**
     * The stale-build check of the launchers, on a made-up project: a jar is stale when a main
     * source or pom of its module, or of a module it needs at run time, is newer than it; tests and
     * modules it does not need do not count.
     */
    @Test
    void aJarIsRebuiltWhenASourceItNeedsIsNewerThanIt(@org.junit.jupiter.api.io.TempDir Path project) throws Exception {
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        module(project, "core", "");
        module(project, "other", "");
        module(project, "app", "<dependency><groupId>kvs</groupId><artifactId>core</artifactId></dependency>\n"
                + "<dependency><groupId>kvs</groupId><artifactId>other</artifactId><scope>test</scope></dependency>");
        Path jar = Files.createDirectories(project.resolve("app/target")).resolve("app.jar");
        Files.writeString(jar, "jar");
        long built = Files.getLastModifiedTime(jar).toMillis();
        setTime(project, built - 60_000);
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(built));
        assertEquals("", newerSources(project), "fresh");
        Files.setLastModifiedTime(project.resolve("other/src/main/X.java"), java.nio.file.attribute.FileTime.fromMillis(built + 60_000));
        Files.setLastModifiedTime(project.resolve("app/src/test/XTest.java"), java.nio.file.attribute.FileTime.fromMillis(built + 60_000));
        assertEquals("", newerSources(project), "a module needed only by tests, and tests, do not count");
        Files.setLastModifiedTime(project.resolve("core/src/main/X.java"), java.nio.file.attribute.FileTime.fromMillis(built + 60_000));
        assertTrue(newerSources(project).endsWith("core/src/main/X.java"), newerSources(project));
    }

    private static void module(Path project, String name, String dependencies) throws Exception {
        Files.createDirectories(project.resolve(name + "/src/main"));
        Files.createDirectories(project.resolve(name + "/src/test"));
        Files.writeString(project.resolve(name + "/pom.xml"), "<project>\n" + dependencies + "\n</project>\n");
        Files.writeString(project.resolve(name + "/src/main/X.java"), "class X {}");
        Files.writeString(project.resolve(name + "/src/test/XTest.java"), "class XTest {}");
    }

    private static void setTime(Path project, long millis) throws Exception {
        try (var files = Files.walk(project)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(millis));
            }
        }
    }

    private static String newerSources(Path project) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", "source \"$0\" && kvs_newer_sources \"$1\" app \"$1/app/target/app.jar\"",
                ROOT.resolve("scripts/lib/launch.sh").toString(), project.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
