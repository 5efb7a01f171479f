package kvs.tester.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import kvs.tester.RunConfig;
import kvs.tester.TestRun;
import kvs.tester.nemesis.FaultKind;

/** {@code kvs-test run} from a test: a short run of an implementation, and what it found. */
final class TestRuns {
    private TestRuns() {}

    /** What a run found: its exit code, results.json and the printed summary. */
    record Found(int exitCode, JsonNode results, String output, Path folder) {
        String verdict() {
            return results.path("verdict").asText();
        }

        /** The checker's checks that are invalid (cc, read-your-writes, convergence, ...). */
        Set<String> invalidChecks() {
            Set<String> invalid = new TreeSet<>();
            results.path("checker").path("checks").properties().forEach(e -> {
                if (e.getValue().path("verdict").asText().equals("invalid")) invalid.add(e.getKey());
            });
            return invalid;
        }

        /** Every violation shown names its operations and explains itself in prose. */
        String unexplained() {
            StringBuilder bad = new StringBuilder();
            for (JsonNode v : results.path("checker").path("violations")) {
                if (v.path("explanation").asText().isBlank() || v.path("operations").isEmpty()) bad.append(v).append('\n');
            }
            return bad.toString();
        }

        boolean converged() {
            return results.path("convergence").path("converged").asBoolean();
        }
    }

    static Found run(String name, String command, Path workDir, Path dir, RunConfig.Network network, Duration time,
                     String nemesis, long seed, Duration convergeTimeout) throws IOException, InterruptedException {
        return run(name, command, workDir, dir, network, time, nemesis, Duration.ofSeconds(4), seed, convergeTimeout);
    }

    /** A run without its conformance phase (the suite has tests of its own): sessions, nemesis, quiescence, check. */
    static Found run(String name, String command, Path workDir, Path dir, RunConfig.Network network, Duration time,
                     String nemesis, Duration nemesisInterval, long seed, Duration convergeTimeout)
            throws IOException, InterruptedException {
        RunConfig config = new RunConfig(name, command, workDir, 3, time, 8, 5, "45:45:10", seed, FaultKind.parseList(nemesis),
                nemesisInterval, dir.resolve("runs"), network, TestClusters.NETNS, Optional.empty(), Duration.ofSeconds(30),
                convergeTimeout, Duration.ofSeconds(10), false, false, "(test " + name + ")");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            TestRun run = new TestRun(config, out, System.err, false);
            exit = run.execute();
            String output = captured.toString(StandardCharsets.UTF_8);
            System.out.println(output.length() > 20_000 ? output.substring(0, 20_000) + "\n..." : output);
            JsonNode results = new ObjectMapper().readTree(Files.readString(run.folder().resolve("results.json")));
            return new Found(exit, results, output, run.folder());
        }
    }
}
