package kvs.tester.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import kvs.core.replica.Bug;

/** The implementations the tester's tests run, as replica commands. */
public final class Implementations {
    /**
     * The seed implementation written by others: run from where it is, never copied. It lives in
     * {@code shared/} beside the project's root (the tests run in the module's folder); the
     * development machines' {@code /work/shared} is the fallback.
     */
    public static final Path SEED_FLASK = seedFlaskApp();
    public static final String DEBIAN_PYTHON = "/usr/bin/python3";

    private Implementations() {}

    private static Path seedFlaskApp() {
        Path beside = Path.of("").toAbsolutePath().resolve("../../shared/foreign/seed-flask/app.py").normalize();
        return Files.isRegularFile(beside) ? beside : Path.of("/work/shared/foreign/seed-flask/app.py");
    }

    public static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static String java(String mainClass) {
        return "exec java -Xshare:auto -XX:TieredStopAtLevel=1 -Xms32m -Xmx256m -XX:+UseSerialGC -cp '" + classpath() + "' "
                + mainClass;
    }

    /** Our replica, from this build. */
    public static String ourReplica() {
        return java("kvs.replica.Main");
    }

    /** Our replica with deliberate bugs (test only). */
    public static String ourReplicaWith(Bug... bugs) {
        StringBuilder names = new StringBuilder();
        for (Bug bug : bugs) names.append(names.length() == 0 ? "" : ",").append(bug.name());
        return "KVS_TEST_BUGS=" + names + " " + java(BuggyReplicaMain.class.getName());
    }

    /** The buggy Python store of examples/buggy-store with the mistakes {@code bugs} ("all", "none" or a list). */
    public static String buggyStore(String bugs) {
        return "BUGGY_STORE_BUGS='" + bugs + "' exec python3 '" + buggyStorePath() + "'";
    }

    public static Path buggyStorePath() {
        Path fromModule = Path.of("..", "examples", "buggy-store", "buggy_store.py").toAbsolutePath().normalize();
        return Files.exists(fromModule) ? fromModule : Path.of("examples", "buggy-store", "buggy_store.py").toAbsolutePath();
    }

    /** The seed app's command, or why it cannot run here. */
    public static String seedFlask() {
        return "exec " + DEBIAN_PYTHON + " app.py";
    }

    public static Optional<String> seedFlaskMissing() {
        if (!Files.isRegularFile(SEED_FLASK)) return Optional.of(SEED_FLASK + " is not on this machine");
        try {
            Process check = new ProcessBuilder(DEBIAN_PYTHON, "-c", "import flask, requests").redirectErrorStream(true).start();
            if (check.waitFor() != 0) {
                return Optional.of("Flask is not installed for " + DEBIAN_PYTHON + " (apt-get install -y python3-flask python3-requests)");
            }
        } catch (java.io.IOException e) {
            return Optional.of(DEBIAN_PYTHON + " cannot be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.empty();
    }
}
