package kvs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's side of the HTTP API, against scripted replicas on loopback. */
class ProtocolTest {
    private static final String UNAVAILABLE = "{\"error\":\"Causal dependencies not satisfied; try again later\"}";

    @TempDir
    Path home;

    @Test
    void everyRequestCarriesTheSessionsLatestMetadataAndTheKeyPercentEncoded() {
        AtomicInteger counter = new AtomicInteger();
        try (FakeReplica replica = new FakeReplica((request, n) -> FakeReplica.Answer.of(200,
                "{\"result\":\"found\",\"value\":7,\"causal-metadata\":{\"n\":" + counter.incrementAndGet() + "}}"))) {
            Cli cli = new Cli(home).withReplicas(replica.address());
            assertEquals(0, cli.run("get", "a/b c+d").exit());
            assertEquals(0, cli.run("get", "a/b c+d").exit());
            List<FakeReplica.Request> requests = replica.requests();
            assertEquals("/kvs/a%2Fb%20c%2Bd", requests.get(0).rawPath());
            assertEquals("GET", requests.get(0).method());
            assertEquals("{\"causal-metadata\":null}", requests.get(0).body());
            assertEquals("{\"causal-metadata\":{\"n\":1}}", requests.get(1).body());
        }
    }

    @Test
    void putSendsJsonValuesWithTheirTypeAndOtherTextAsAString() {
        try (FakeReplica replica = new FakeReplica((request, n) -> FakeReplica.Answer.of(201,
                "{\"result\":\"created\",\"causal-metadata\":{\"x\":1.50}}"))) {
            Cli cli = new Cli(home).withReplicas(replica.address());
            cli.run("put", "k", "1");
            cli.run("put", "k", "hello world");
            cli.run("put", "k", "1", "--string");
            cli.run("put", "k", "{\"a\":[true,null,2.50]}");
            List<FakeReplica.Request> requests = replica.requests();
            assertEquals("{\"value\":1,\"causal-metadata\":null}", requests.get(0).body());
            assertEquals("{\"value\":\"hello world\",\"causal-metadata\":{\"x\":1.50}}", requests.get(1).body(),
                    "metadata goes back exactly as received, 1.50 included");
            assertEquals("{\"value\":\"1\",\"causal-metadata\":{\"x\":1.50}}", requests.get(2).body());
            assertEquals("{\"value\":{\"a\":[true,null,2.50]},\"causal-metadata\":{\"x\":1.50}}", requests.get(3).body());
        }
    }

    @Test
    void a503IsRetriedWithBackoffUntilTheReplicaAnswers() {
        try (FakeReplica replica = new FakeReplica((request, n) -> n < 3 ? FakeReplica.Answer.of(503, UNAVAILABLE)
                : FakeReplica.Answer.of(200, "{\"result\":\"found\",\"value\":\"v\",\"causal-metadata\":{\"a\":2}}"))) {
            Cli.Run run = new Cli(home).withReplicas(replica.address()).run("get", "k", "--verbose");
            assertEquals(0, run.exit(), run.toString());
            assertEquals("\"v\"\n", run.out());
            assertEquals(4, replica.requests().size());
            assertEquals(List.of(
                    "  . get k at " + replica.address() + ": 503 fail (Causal dependencies not satisfied; try again later)",
                    "  . get k at " + replica.address() + ": 503 fail (Causal dependencies not satisfied; try again later)",
                    "  . get k at " + replica.address() + ": 503 fail (Causal dependencies not satisfied; try again later)",
                    "  . get k at " + replica.address() + ": 200 ok"), run.err().lines().toList());
        }
    }

    @Test
    void a503PastTheWaitBudgetExitsUnavailableWithTheServersMessage() {
        try (FakeReplica replica = new FakeReplica((request, n) -> FakeReplica.Answer.of(503, UNAVAILABLE))) {
            long start = System.nanoTime();
            Cli.Run run = new Cli(home).withReplicas(replica.address()).run("get", "k", "--wait", "300ms");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ExitCode.UNAVAILABLE, run.exit(), run.toString());
            assertTrue(run.err().contains("Causal dependencies not satisfied; try again later"), run.err());
            assertTrue(tookMillis >= 300 && tookMillis < 3_000, "waited " + tookMillis + " ms");
            assertTrue(replica.requests().size() >= 3, "retried: " + replica.requests().size());
        }
    }

    @Test
    void aRefusedConnectionMovesOnToTheNextReplicaAndIsRecordedAsAFailedAttempt() throws Exception {
        Path history = home.resolve("h.jsonl");
        String refusing = Loopback.refusingAddress();
        try (FakeReplica replica = new FakeReplica((request, n) -> FakeReplica.Answer.of(201,
                "{\"result\":\"created\",\"causal-metadata\":{\"a\":1}}"))) {
            Cli.Run run = new Cli(home).run("put", "k", "1", "-r", refusing, "-r", replica.address(),
                    "--record", history.toString());
            assertEquals(0, run.exit(), run.toString());
            assertEquals("created k at " + replica.address() + "\n", run.out());
        }
        List<JsonNode> events = History.events(history);
        assertEquals(List.of("invoke", "fail", "invoke", "ok"), events.stream().map(e -> e.get("type").asText()).toList());
        assertEquals(refusing, events.get(1).get("replica").asText());
        assertEquals(false, events.get(1).has("status"), "no HTTP status: nothing was sent");
        for (JsonNode e : events) assertEquals("1", Json.compact(e.get("value")), "a put's events carry its value");
        kvs.checker.Report report = kvs.checker.Checker.check(history, kvs.checker.CheckOptions.defaults());
        assertEquals(kvs.checker.Verdict.VALID, report.verdict(), report.text());
    }

    @Test
    void noReachableReplicaExitsUnavailableAtOnce() {
        Cli.Run run = new Cli(home).run("get", "k", "-r", Loopback.refusingAddress() + "," + Loopback.refusingAddress());
        assertEquals(ExitCode.UNAVAILABLE, run.exit(), run.toString());
        assertTrue(run.err().contains("no replica reachable"), run.err());
    }

    @Test
    void aNotFoundCausedByADeleteAdoptsTheMetadataOfItsHeader() throws Exception {
        try (FakeReplica replica = new FakeReplica((request, n) -> new FakeReplica.Answer(404,
                "{\"error\":\"Key does not exist\"}", "{\"d\":5}", 0))) {
            Cli cli = new Cli(home).withReplicas(replica.address());
            Cli.Run run = cli.run("delete", "k", "--json");
            assertEquals(ExitCode.NOT_FOUND, run.exit());
            JsonNode json = Json.parse(run.out()).orElseThrow();
            assertEquals("Key does not exist", json.get("error").asText());
            assertEquals("{\"d\":5}", Json.compact(json.get("causal-metadata")));
            assertEquals("{\"d\":5}", Json.compact(new kvs.cli.session.SessionStore(cli.kvsHome().resolve("sessions"))
                    .peek("default").orElseThrow().metadata()));
        }
    }

    @Test
    void aNotFoundWithoutTheHeaderKeepsTheOldMetadata() {
        try (FakeReplica replica = new FakeReplica((request, n) -> n == 0
                ? FakeReplica.Answer.of(201, "{\"result\":\"created\",\"causal-metadata\":{\"a\":1}}")
                : FakeReplica.Answer.of(404, "{\"error\":\"Key does not exist\"}"))) {
            Cli cli = new Cli(home).withReplicas(replica.address());
            cli.run("put", "k", "1");
            assertEquals(ExitCode.NOT_FOUND, cli.run("delete", "other").exit());
            cli.run("get", "k");
            assertEquals("{\"causal-metadata\":{\"a\":1}}", replica.requests().get(2).body());
        }
    }

    @Test
    void anAnswerThatIsNotJsonIsABadResponse() {
        try (FakeReplica replica = new FakeReplica((request, n) -> FakeReplica.Answer.of(200, "<html>oops</html>"))) {
            Cli.Run run = new Cli(home).withReplicas(replica.address()).run("get", "k");
            assertEquals(ExitCode.BAD_RESPONSE, run.exit(), run.toString());
            assertTrue(run.err().contains("not a JSON object"), run.err());
        }
    }

    @Test
    void aRejectedRequestExitsWithTheServersReason() {
        try (FakeReplica replica = new FakeReplica((request, n) -> FakeReplica.Answer.of(400, "{\"error\":\"Key is too long\"}"))) {
            Cli.Run run = new Cli(home).withReplicas(replica.address()).run("put", "k".repeat(51), "1");
            assertEquals(ExitCode.REJECTED, run.exit(), run.toString());
            assertTrue(run.err().contains("Key is too long"), run.err());
        }
    }

    @Test
    void aBodyTooLargeIsRejectedAndRecordedAsFailed() throws Exception {
        Path history = home.resolve("h.jsonl");
        try (FakeReplica replica = new FakeReplica((request, n) -> FakeReplica.Answer.of(413, "{\"error\":\"Request body too large\"}"))) {
            Cli.Run run = new Cli(home).withReplicas(replica.address()).run("put", "k", "big", "--record", history.toString());
            assertEquals(ExitCode.REJECTED, run.exit(), run.toString());
            assertEquals("fail", History.events(history).get(1).get("type").asText());
            assertEquals(413, History.events(history).get(1).get("status").asInt());
        }
    }

    @Test
    void aServerErrorIsABadResponseOfUnknownOutcome() throws Exception {
        Path history = home.resolve("h.jsonl");
        try (FakeReplica replica = new FakeReplica((request, n) -> FakeReplica.Answer.of(500, "{\"error\":\"boom\"}"))) {
            Cli.Run run = new Cli(home).withReplicas(replica.address()).run("put", "k", "v", "--record", history.toString());
            assertEquals(ExitCode.BAD_RESPONSE, run.exit(), run.toString());
            assertEquals("info", History.events(history).get(1).get("type").asText());
        }
    }

    @Test
    void aWriteWithNoAnswerIsReportedAsUnknownRecordedAsInfoAndStartsANewHistorySession() throws Exception {
        Path history = home.resolve("h.jsonl");
        try (FakeReplica slow = new FakeReplica((request, n) -> new FakeReplica.Answer(201,
                "{\"result\":\"created\",\"causal-metadata\":{}}", "", 2_000))) {
            Cli cli = new Cli(home).withReplicas(slow.address());
            Cli.Run run = cli.run("put", "k", "1", "--timeout", "200ms", "--record", history.toString());
            assertEquals(ExitCode.UNAVAILABLE, run.exit(), run.toString());
            assertTrue(run.err().contains("may or may not have taken effect"), run.err());
            List<JsonNode> events = History.events(history);
            assertEquals(List.of("invoke", "info"), events.stream().map(e -> e.get("type").asText()).toList());
            assertEquals("default", events.get(1).get("session").asText());
            Cli.Run show = cli.run("session", "show", "--json");
            assertEquals("default#1", Json.parse(show.out()).orElseThrow().get("history-session").asText());
            kvs.checker.Report report = kvs.checker.Checker.check(history, kvs.checker.CheckOptions.defaults());
            assertEquals(kvs.checker.Verdict.VALID, report.verdict(), report.text());
        }
    }

    @Test
    void twoShellsOnOneSessionTakeTurnsSoNoMetadataIsLost() throws Exception {
        // The fake replica answers with the metadata it received plus one: if two commands started
        // from the same metadata, one increment would be lost and the count would fall short.
        try (FakeReplica replica = new FakeReplica((request, n) -> {
            int seen = Json.parse(request.body()).orElseThrow().get("causal-metadata").asInt(0);
            return FakeReplica.Answer.of(201, "{\"result\":\"created\",\"causal-metadata\":" + (seen + 1) + "}");
        })) {
            Cli cli = new Cli(home).withReplicas(replica.address());
            int shells = 4;
            int commands = 4;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(shells);
            List<java.util.concurrent.Future<Integer>> exits = new java.util.ArrayList<>();
            for (int s = 0; s < shells; s++) {
                int shell = s;
                exits.add(pool.submit(() -> {
                    int worst = 0;
                    for (int c = 0; c < commands; c++) worst = Math.max(worst, cli.run("put", "k" + shell, "" + c).exit());
                    return worst;
                }));
            }
            for (var exit : exits) assertEquals(0, exit.get());
            pool.shutdown();
            Cli.Run show = cli.run("session", "show", "--json");
            JsonNode session = Json.parse(show.out()).orElseThrow();
            assertEquals(shells * commands, session.get("causal-metadata").asInt(), show.toString());
            assertEquals(shells * commands, session.get("operations").asInt());
        }
    }

    @Test
    void viewAddAndRemoveTellEveryReplicaButTheOneRemoved() throws Exception {
        FakeReplica.Handler views = (request, n) -> request.method().equals("PUT")
                ? FakeReplica.Answer.of(201, "{\"result\":\"added\"}")
                : FakeReplica.Answer.of(200, "{\"result\":\"deleted\"}");
        try (FakeReplica a = new FakeReplica(views); FakeReplica b = new FakeReplica(views)) {
            Cli cli = new Cli(home).withReplicas(a.address() + "," + b.address());
            Cli.Run add = cli.run("view", "add", "10.0.0.9:8090");
            assertEquals(0, add.exit(), add.toString());
            assertEquals(a.address() + ": added\n" + b.address() + ": added\n", add.out());
            assertEquals(new FakeReplica.Request("PUT", "/view", "{\"socket-address\":\"10.0.0.9:8090\"}"), a.requests().get(0));
            Cli.Run remove = cli.run("view", "remove", b.address(), "--json");
            assertEquals(0, remove.exit(), remove.toString());
            assertEquals(1, Json.parse(remove.out()).orElseThrow().get("replicas").size(), "the removed replica is not asked");
            assertEquals("DELETE", a.requests().get(1).method());
            assertEquals(1, b.requests().size());
        }
    }

    @Test
    void aWorkloadWithoutRecordWritesItsHistoryToTheTemporaryFolderAndSaysWhere() throws Exception {
        try (FakeReplica replica = new FakeReplica((request, n) -> request.rawPath().equals("/view")
                ? FakeReplica.Answer.of(200, "{\"view\":[]}")
                : FakeReplica.Answer.of(200, "{\"result\":\"found\",\"value\":1,\"causal-metadata\":{}}"))) {
            Cli.Run run = new Cli(home).withReplicas(replica.address()).run("workload", "--ops", "20", "--no-final-reads",
                    "--no-progress");
            assertEquals(0, run.exit(), run.toString());
            String line = run.out().lines().filter(l -> l.startsWith("history: ")).findFirst().orElseThrow();
            Path written = Path.of(line.substring("history: ".length(), line.indexOf(" (")));
            assertTrue(written.startsWith(Path.of(System.getProperty("java.io.tmpdir"))), line);
            assertTrue(java.nio.file.Files.size(written) > 0, line);
            assertTrue(line.contains("--record FILE"), line);
            java.nio.file.Files.delete(written);
            try (java.util.stream.Stream<Path> here = java.nio.file.Files.list(Path.of("."))) {
                assertTrue(here.noneMatch(p -> p.getFileName().toString().startsWith("kvs-workload-")), "nothing in the current folder");
            }
        }
    }
}
