package kvs.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import kvs.checker.CheckOptions;
import kvs.checker.Model;
import kvs.checker.history.HistoryEvent.Op;
import kvs.cli.ExitCode;
import kvs.cli.Json;
import kvs.cli.http.ReplicaAddress;
import kvs.cli.op.OperationRunner;
import kvs.cli.record.CountingRecorder;
import kvs.cli.record.Recorder;
import kvs.cli.record.StreamRecorder;
import kvs.cli.record.VerboseRecorder;
import kvs.cli.workload.Mix;
import kvs.cli.workload.ProgressBar;
import kvs.cli.workload.Workload;
import kvs.cli.workload.WorkloadConfig;
import kvs.cli.workload.WorkloadStats;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "workload", mixinStandardHelpOptions = true,
        description = "Run concurrent causal sessions with unique values against a live cluster, record the "
                + "history, print throughput and latency percentiles, and with --check run the checker on the history.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  kvs-cli workload -r 127.0.0.1:8091,127.0.0.1:8092 --sessions 4 --ops 2000",
            "  kvs-cli workload --duration 10s --keys 5 --mix 50:40:10 --check",
            "  kvs-cli workload --ops 500 --record run.jsonl --check --html run.html",
            "",
            "The history goes to --record FILE (appended, as for every command), by",
            "default to kvs-workload-<run>.jsonl in the temporary folder (${java.io.tmpdir});",
            "the path is printed. Before any operation, every replica is asked for its view:",
            "if none answers, the workload does not start (exit 4)."})
public final class WorkloadCommand implements Callable<Integer> {
    @ParentCommand
    KvsCommand root;

    @Spec
    CommandSpec spec;

    static final class Bound {
        @Option(names = "--ops", paramLabel = "K", description = "Total operations of all sessions together.")
        Optional<Long> operations = Optional.empty();

        @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Run for this long instead (e.g. 10s).")
        Optional<Duration> duration = Optional.empty();
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Bound bound = new Bound();

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "4", description = "Concurrent sessions (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "10", description = "Distinct keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--mix", paramLabel = "PUT:GET:DELETE", defaultValue = "45:45:10",
            description = "Weights of puts, gets and deletes (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the sessions' choices (default: from the clock).")
    Optional<Long> seed = Optional.empty();

    @Option(names = "--think", paramLabel = "DURATION", defaultValue = "0ms", converter = DurationConverter.class,
            description = "Pause between two operations of a session (default: ${DEFAULT-VALUE}).")
    Duration think;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Pause before the final reads (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--final-reads", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Read every key at every replica after the run (default: on).")
    boolean finalReads;

    @Option(names = "--check", description = "Run the checker on the history and report its verdict (exit 0 valid, 1 invalid, 2 unknown).")
    boolean check;

    @Option(names = "--model", paramLabel = "cc|cm|ccv", defaultValue = "ccv",
            description = "The causal model whose bad patterns decide the verdict (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--html", paramLabel = "FILE", description = "With --check: write the checker's HTML timeline here.")
    Optional<Path> html = Optional.empty();

    @Option(names = "--progress", negatable = true,
            description = "Show a progress bar on stderr (default: when stderr is a terminal).")
    Optional<Boolean> progress = Optional.empty();

    @Override
    public Integer call() throws InterruptedException {
        List<ReplicaAddress> replicas = root.replicaAddresses(spec.commandLine());
        long seedValue = seed.orElseGet(System::currentTimeMillis);
        // The run id names keys and values; it changes with every run, even with the same seed,
        // because a cluster keeps what earlier runs wrote.
        String runId = Long.toString(Math.floorMod(System.currentTimeMillis() * 31 + seedValue, 36L * 36 * 36 * 36 * 36 * 36), 36);
        WorkloadConfig config = config(replicas, seedValue, runId);
        Model checkModel = checkModel();
        Path historyFile = root.record.orElse(Path.of(System.getProperty("java.io.tmpdir"), "kvs-workload-" + runId + ".jsonl"));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> down = clusterDown(replicas);
        if (down.isPresent()) {
            if (root.json) {
                ObjectNode o = Json.object();
                o.put("exit", ExitCode.UNAVAILABLE);
                o.put("error", down.get());
                out.println(Json.compact(o));
            } else {
                err.println("kvs-cli: " + down.get());
            }
            out.flush();
            err.flush();
            return ExitCode.UNAVAILABLE;
        }
        Recorded recorded;
        try (StreamRecorder recorder = new StreamRecorder(historyFile)) {
            recorded = runRecording(config, recorder, out, err);
        } catch (IOException | UncheckedIOException e) {
            return KeyValueOperation.fileError(root, out, err, Op.PUT, "", "history file: " + e.getMessage());
        }
        int reported = report(recorded.workload(), recorded.attempts(), recorded.file(), recorded.events(), out);
        if (!anyAnswered(recorded.workload().stats())) {
            err.println("kvs-cli: no operation of the workload was answered: is the cluster up? (" + replicas + ")");
            err.flush();
            return ExitCode.UNAVAILABLE;
        }
        if (!check) return reported;
        return CheckStep.run(recorded.file(), CheckOptions.defaults().withModel(checkModel), html, root.json, out, err);
    }

    /**
     * Why the workload cannot start, when no replica answers {@code GET /view}: then no operation
     * is run (each would wait out its timeouts for nothing). Empty when at least one answers; the
     * others are then the workload's business (a down replica is part of what it tests).
     */
    private Optional<String> clusterDown(List<ReplicaAddress> replicas) {
        List<String> problems = new java.util.ArrayList<>();
        try (kvs.cli.http.ReplicaClient client = root.replicaClient()) {
            for (ReplicaAddress replica : replicas) {
                kvs.cli.http.HttpOutcome outcome = client.send(replica, "GET", "/view", Optional.empty());
                if (outcome instanceof kvs.cli.http.HttpOutcome.Answered) return Optional.empty();
                problems.add(outcome instanceof kvs.cli.http.HttpOutcome.NotSent n ? n.reason()
                        : ((kvs.cli.http.HttpOutcome.NoAnswer) outcome).reason());
            }
        }
        return Optional.of("no replica answered, so the workload did not start: is the cluster up? ("
                + String.join("; ", problems) + ")");
    }

    /** A finished workload and what its recording holds. */
    private record Recorded(Workload workload, CountingRecorder attempts, Path file, long events) {}

    private Recorded runRecording(WorkloadConfig config, StreamRecorder recorder, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        try (kvs.cli.http.ReplicaClient client = root.replicaClient()) {
            return runRecording(config, recorder, out, err, client);
        }
    }

    private Recorded runRecording(WorkloadConfig config, StreamRecorder recorder, PrintWriter out, PrintWriter err,
                                  kvs.cli.http.ReplicaClient client) throws InterruptedException {
        // On Ctrl-C the JVM runs shutdown hooks, not this method's finally blocks: the hook writes
        // out the buffered events, so the history ends with whole lines (operations still in
        // flight have an invocation and no completion, which the checker reads as unknown).
        Thread flushOnExit = new Thread(recorder::flush, "kvs-cli-history-flush");
        Runtime.getRuntime().addShutdownHook(flushOnExit);
        try {
            CountingRecorder attempts = new CountingRecorder(recorder);
            Recorder chain = root.verbose ? new VerboseRecorder(attempts, err) : attempts;
            Workload workload = new Workload(config, new OperationRunner(client, chain, root.retryPolicy()));
            if (!root.json) {
                out.printf("workload %s: %d sessions, %s, %d keys, mix %s, seed %d, against %s%n", config.runId(),
                        config.sessions(),
                        config.operationsTotal().map(n -> n + " ops").orElseGet(() -> config.duration().orElseThrow().toMillis() + " ms"),
                        config.keyCount(), config.mix(), config.seed(), config.replicas());
                out.flush();
            }
            runSessions(workload, err);
            if (config.finalReads() && !root.json) {
                out.printf(Locale.ROOT, "final reads: every key at every replica, after %d ms%n", config.settle().toMillis());
                out.flush();
            }
            workload.settleAndReadFinalValues();
            return new Recorded(workload, attempts, recorder.file(), recorder.events());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(flushOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting: the hook runs anyway.
            }
        }
    }

    private void runSessions(Workload workload, PrintWriter err) throws InterruptedException {
        boolean showProgress = progress.orElse(System.console() != null) && !root.json;
        if (!showProgress) {
            workload.runSessions();
            return;
        }
        ProgressBar bar = new ProgressBar(err, workload::progress, () -> workload.stats().completed());
        try {
            workload.runSessions();
        } finally {
            bar.close();
        }
    }

    private static boolean anyAnswered(WorkloadStats stats) {
        for (WorkloadStats.Counts c : stats.countsByOp().values()) {
            if (c.done() + c.notFound() + c.rejected() > 0) return true;
        }
        return false;
    }

    private Model checkModel() {
        if (html.isPresent() && !check) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--html needs --check");
        }
        try {
            return Model.parse(model);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private WorkloadConfig config(List<ReplicaAddress> replicas, long seedValue, String runId) {
        Mix parsedMix;
        try {
            parsedMix = Mix.parse(mix);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Optional<Long> ops = bound.operations;
        if (ops.isEmpty() && bound.duration.isEmpty()) ops = Optional.of(1_000L);
        try {
            return new WorkloadConfig(runId, replicas, sessions, ops, bound.duration, keys, parsedMix, seedValue, settle,
                    finalReads, think);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int report(Workload workload, CountingRecorder attempts, Path historyFile, long events, PrintWriter out) {
        WorkloadStats stats = workload.stats();
        double seconds = workload.elapsedNanos() / 1e9;
        long completed = stats.completed();
        double throughput = completed / Math.max(seconds, 1e-9);
        Map<Op, WorkloadStats.Counts> counts = stats.countsByOp();
        Map<Op, Histogram> latencies = stats.latenciesByOp();
        if (root.json) {
            ObjectNode o = Json.object();
            o.put("exit", ExitCode.SUCCESS);
            o.put("run", workload.config().runId());
            o.put("seed", workload.config().seed());
            o.put("sessions", workload.config().sessions());
            o.put("operations", completed);
            o.put("seconds", seconds);
            o.put("ops-per-second", throughput);
            ObjectNode byOp = o.putObject("by-op");
            for (Op op : Op.values()) {
                ObjectNode e = byOp.putObject(op.wire());
                WorkloadStats.Counts c = counts.get(op);
                e.put("count", c.total());
                e.put("done", c.done());
                e.put("not-found", c.notFound());
                e.put("unavailable", c.unavailable());
                e.put("unknown", c.unknown());
                e.put("rejected", c.rejected());
                e.put("bad-response", c.badResponse());
                latencyJson(e.putObject("latency-ms"), latencies.get(op));
            }
            latencyJson(o.putObject("latency-ms"), stats.allLatencies());
            ObjectNode http = o.putObject("attempts");
            http.put("total", attempts.attempts());
            http.put("answered-503", attempts.unavailableAnswers());
            http.put("refused", attempts.refusedConnections());
            http.put("unknown", attempts.unknownOutcomes());
            o.put("history", historyFile.toString());
            o.put("history-events", events);
            out.println(Json.compact(o));
        } else {
            out.printf(Locale.ROOT, "%d operations in %.2f s: %.1f ops/s%n", completed, seconds, throughput);
            out.println("op        count     ok  not-found  unavail  unknown   p50 ms   p90 ms   p99 ms p99.9 ms   max ms");
            for (Op op : Op.values()) {
                WorkloadStats.Counts c = counts.get(op);
                out.println(latencyRow(op.wire(), c.total(), c.done(), c.notFound(), c.unavailable(), c.unknown() + c.badResponse(), latencies.get(op)));
            }
            out.println(latencyRow("all", completed, -1, -1, -1, -1, stats.allLatencies()));
            out.printf(Locale.ROOT, "HTTP attempts: %d (%d answered 503 and were retried elsewhere or later, %d refused, "
                    + "%d of unknown outcome); final reads included%n", attempts.attempts(), attempts.unavailableAnswers(),
                    attempts.refusedConnections(), attempts.unknownOutcomes());
            out.println("history: " + historyFile + " (" + events + " events"
                    + (root.record.isEmpty() ? "; a temporary file: --record FILE keeps it where you choose" : "") + ")");
        }
        out.flush();
        return ExitCode.SUCCESS;
    }

    private static String latencyRow(String name, long count, long ok, long notFound, long unavailable, long unknown, Histogram h) {
        return String.format(Locale.ROOT, "%-7s %7d %6s %10s %8s %8s %8.2f %8.2f %8.2f %8.2f %8.2f", name, count,
                ok < 0 ? "" : ok, notFound < 0 ? "" : notFound, unavailable < 0 ? "" : unavailable, unknown < 0 ? "" : unknown,
                ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static void latencyJson(ObjectNode o, Histogram h) {
        o.put("p50", ms(h, 50));
        o.put("p90", ms(h, 90));
        o.put("p99", ms(h, 99));
        o.put("p99.9", ms(h, 99.9));
        o.put("max", h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0);
    }
}
