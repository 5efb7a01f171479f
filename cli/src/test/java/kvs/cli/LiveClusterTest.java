package kvs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kvs.checker.CheckOptions;
import kvs.checker.Checker;
import kvs.checker.Report;
import kvs.checker.Verdict;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command against three real replicas on loopback. */
class LiveClusterTest {
    private static LiveCluster cluster;

    @TempDir
    Path home;

    @BeforeAll
    static void startCluster() {
        cluster = LiveCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private Cli cli() {
        return new Cli(home).withReplicas(cluster.all());
    }

    @Test
    void putGetAndDeleteReportTheirOutcomesAndExitCodes() {
        Cli cli = cli();
        Cli.Run created = cli.run("put", "x y/z", "{\"n\":[1,2]}");
        assertEquals(0, created.exit(), created.toString());
        assertEquals("created \"x y/z\" at " + cluster.at(0) + "\n", created.out());
        assertEquals("replaced \"x y/z\" at " + cluster.at(0) + "\n", cli.run("put", "x y/z", "2").out());
        Cli.Run read = cli.run("get", "x y/z", "-r", cluster.at(2));
        assertEquals(0, read.exit(), read.toString());
        assertEquals("2\n", read.out());
        assertEquals(0, cli.run("delete", "x y/z").exit());
        Cli.Run gone = cli.run("get", "x y/z", "-r", cluster.at(1));
        assertEquals(ExitCode.NOT_FOUND, gone.exit(), gone.toString());
        assertTrue(gone.err().contains("Key does not exist"), gone.err());
        assertEquals(ExitCode.NOT_FOUND, cli.run("delete", "x y/z").exit());
        Cli.Run tooLong = cli.run("put", "k".repeat(51), "1");
        assertEquals(ExitCode.REJECTED, tooLong.exit());
        assertTrue(tooLong.err().contains("Key is too long"), tooLong.err());
    }

    @Test
    void jsonOutputCarriesTheValueWithItsTypeAndTheNewMetadata() {
        Cli cli = cli();
        cli.run("put", "typed", "\"1\"");
        JsonNode answer = Json.parse(cli.run("get", "typed", "--json").out()).orElseThrow();
        assertEquals(0, answer.get("exit").asInt());
        assertTrue(answer.get("value").isTextual(), answer.toString());
        assertEquals("1", answer.get("value").asText());
        assertTrue(answer.get("causal-metadata").isObject() && answer.get("causal-metadata").size() > 0, answer.toString());
    }

    @Test
    void aSessionCarriesItsDependenciesFromCommandToCommandAcrossReplicas() {
        Cli cli = cli();
        // The course's example: alice writes, bob reads it and writes a reply at another replica,
        // carol reads the reply at a third replica and must then see alice's write.
        assertEquals(0, cli.run("-s", "alice", "put", "question", "\"ready?\"", "-r", cluster.at(0)).exit());
        assertEquals("\"ready?\"\n", cli.run("-s", "bob", "get", "question", "-r", cluster.at(0)).out());
        assertEquals(0, cli.run("-s", "bob", "put", "answer", "\"yes\"", "-r", cluster.at(1)).exit());
        // Carol has seen nothing yet, so replica 3 may still answer 404 (eventual consistency);
        // once she has read the answer, the question it depends on must be readable there too.
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> cli.run("-s", "carol", "get", "answer", "-r", cluster.at(2)).out().equals("\"yes\"\n"));
        Cli.Run question = cli.run("-s", "carol", "get", "question", "-r", cluster.at(2));
        assertEquals(0, question.exit(), question.toString());
        assertEquals("\"ready?\"\n", question.out());
        Cli.Run sessions = cli.run("session", "list");
        assertTrue(sessions.out().contains("alice") && sessions.out().contains("bob") && sessions.out().contains("carol"),
                sessions.out());
        Cli.Run show = cli.run("session", "show", "carol", "--json");
        JsonNode carol = Json.parse(show.out()).orElseThrow();
        assertTrue(carol.get("operations").asInt() >= 2, show.out());
        assertEquals(cluster.at(2), carol.get("last-replica").asText());
        assertEquals(0, cli.run("session", "reset", "carol").exit());
        assertEquals("null", Json.compact(Json.parse(cli.run("session", "show", "carol", "--json").out()).orElseThrow()
                .get("causal-metadata")));
    }

    @Test
    void viewListShowsEveryReplicaAndRemovingAnUnknownMemberIsNotFound() {
        Cli cli = cli();
        Cli.Run list = cli.run("view", "list");
        assertEquals(0, list.exit(), list.toString());
        assertEquals(Set.of(cluster.at(0), cluster.at(1), cluster.at(2)), Set.copyOf(list.out().lines().toList()));
        Cli.Run all = cli.run("view", "list", "--all", "--json");
        assertEquals(3, Json.parse(all.out()).orElseThrow().get("views").size());
        Cli.Run unknown = cli.run("view", "remove", "127.0.0.1:1");
        assertEquals(ExitCode.NOT_FOUND, unknown.exit(), unknown.toString());
        assertTrue(unknown.out().contains("View has no such replica"), unknown.out());
        Cli.Run present = cli.run("view", "add", cluster.at(1), "--json");
        assertEquals(0, present.exit(), present.toString());
        for (JsonNode answer : Json.parse(present.out()).orElseThrow().get("replicas")) {
            assertEquals("already present", answer.get("result").asText(), present.out());
        }
    }

    @Test
    void recordedOperationsFormAWellFormedHistoryWithOneHeader() throws Exception {
        Cli cli = cli();
        Path history = home.resolve("me.jsonl");
        String record = "--record=" + history;
        cli.run("put", "r", "1", record);
        cli.run("get", "r", record, "-r", cluster.at(1));
        cli.run("-s", "other", "delete", "r", record);
        cli.run("get", "r", record);
        List<JsonNode> events = History.events(history);
        assertEquals(List.of("invoke", "ok", "invoke", "ok", "invoke", "ok", "invoke", "ok"),
                events.stream().map(e -> e.get("type").asText()).toList());
        assertEquals(List.of("put", "put", "get", "get", "delete", "delete", "get", "get"),
                events.stream().map(e -> e.get("op").asText()).toList());
        assertEquals("1", Json.compact(events.get(3).get("value")));
        assertTrue(events.get(3).get("found").asBoolean());
        assertEquals(false, events.get(7).get("found").asBoolean(), "the last get read the delete");
        assertEquals("other", events.get(4).get("session").asText());
        assertEquals(cluster.at(1), events.get(2).get("replica").asText());
        assertEquals(Json.compact(events.get(1).get("metadata")), Json.compact(events.get(2).get("metadata")),
                "the get sent what the put received");
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).get("time").asLong() >= events.get(i - 1).get("time").asLong(), "time is monotonic");
        }
        Report report = Checker.check(history, CheckOptions.defaults());
        assertEquals(Verdict.VALID, report.verdict(), report.text());
    }

    @Test
    void aWorkloadRecordsUniqueValuesAndReportsLatencies() throws Exception {
        Path history = home.resolve("workload.jsonl");
        Cli.Run run = cli().run("workload", "--sessions", "3", "--ops", "150", "--keys", "4", "--seed", "7",
                "--settle", "300ms", "--record", history.toString(), "--json");
        assertEquals(0, run.exit(), run.toString());
        JsonNode report = Json.parse(run.out()).orElseThrow();
        assertEquals(Verdict.VALID, Checker.check(history, CheckOptions.defaults()).verdict());
        assertEquals(150, report.get("operations").asInt());
        assertTrue(report.get("ops-per-second").asDouble() > 0);
        assertTrue(report.get("latency-ms").get("p99").asDouble() > 0);
        List<JsonNode> events = History.events(history);
        assertEquals(report.get("history-events").asLong(), events.size());
        Set<String> tookEffectOrMayHave = new HashSet<>();
        int finalReads = 0;
        for (JsonNode e : events) {
            String type = e.get("type").asText();
            if (e.get("op").asText().equals("put") && (type.equals("ok") || type.equals("info"))) {
                assertTrue(tookEffectOrMayHave.add(e.get("value").asText()), "value written twice: " + e);
            }
            if (e.path("final").asBoolean() && !type.equals("invoke")) finalReads++;
        }
        assertEquals(3 * 4, finalReads, "every key read at every replica after the run");
        assertTrue(tookEffectOrMayHave.size() > 20, "puts happened: " + tookEffectOrMayHave.size());
    }

    @Test
    void workloadCheckReportsTheCheckersVerdictAsItsExitCodeAndWritesTheTimeline() throws Exception {
        Path history = home.resolve("checked.jsonl");
        Path html = home.resolve("report/timeline.html");
        // Two runs into one file: each run has its own keys and values, so the history stays explicable.
        for (int run = 0; run < 2; run++) {
            Cli.Run checked = cli().run("workload", "--sessions", "2", "--ops", "60", "--keys", "3", "--settle", "200ms",
                    "--record", history.toString(), "--check", "--html", html.toString());
            assertEquals(0, checked.exit(), checked.toString());
            assertTrue(checked.out().contains("verdict (model ccv): VALID"), checked.out());
        }
        assertTrue(java.nio.file.Files.readString(html).contains("<html"), "an HTML timeline");
        History.events(history);
    }

    @Test
    void workloadCheckExitsOneWhenTheHistoryIsNotCausallyConsistent() throws Exception {
        // A read of a value nobody in the history wrote (thin air), appended before the run: the
        // checker must say invalid, and the workload's exit code must carry it.
        Path history = home.resolve("tampered.jsonl");
        java.nio.file.Files.writeString(history, String.join("\n",
                "{\"format\":\"kvs-history\",\"version\":1}",
                "{\"type\":\"invoke\",\"session\":\"ghost\",\"op\":\"get\",\"key\":\"g\",\"metadata\":null,\"time\":1}",
                "{\"type\":\"ok\",\"session\":\"ghost\",\"op\":\"get\",\"key\":\"g\",\"value\":\"never written\",\"found\":true,"
                        + "\"metadata\":{},\"time\":2,\"status\":200}", ""));
        Cli.Run run = cli().run("workload", "--sessions", "1", "--ops", "10", "--keys", "2", "--no-final-reads",
                "--record", history.toString(), "--check");
        assertEquals(ExitCode.HISTORY_INVALID, run.exit(), run.toString());
        assertTrue(run.out().contains("INVALID"), run.out());
    }
}
