package kvs.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands (ip, nft, kill) with their output captured through a file (no pipe fills up). */
final class Commands {
    private static final long TIMEOUT_SECONDS = 120;

    private Commands() {}

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static Result run(List<String> command) {
        return run(command, null);
    }

    /** Runs a command, stderr merged into stdout; {@code stdin} (may be null) is written to its input. */
    static Result run(List<String> command, String stdin) {
        Path output = null;
        try {
            output = Files.createTempFile("kvs-cluster-cmd", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process process = builder.start();
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ClusterException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClusterException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** Runs a command and throws with its output when it fails. */
    static String check(List<String> command) {
        return check(command, null);
    }

    static String check(List<String> command, String stdin) {
        Result result = run(command, stdin);
        if (!result.ok()) {
            throw new ClusterException(String.join(" ", command) + " failed (exit " + result.exitCode() + "): "
                    + result.output().strip());
        }
        return result.output();
    }

    /** Whether an executable of that name is on the PATH. */
    static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /** Sends a signal to a whole process group; false when the group does not exist (any more). */
    static boolean signalGroup(long pgid, String signal) {
        return run(List.of("kill", "-s", signal, "--", "-" + pgid)).ok();
    }

    static boolean signal(long pid, String signal) {
        return run(List.of("kill", "-s", signal, Long.toString(pid))).ok();
    }

    /** Whether any process of that group is alive (kill -0). */
    static boolean groupAlive(long pgid) {
        return run(List.of("kill", "-0", "--", "-" + pgid)).ok();
    }
}
