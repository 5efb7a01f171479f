package kvs.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import kvs.checker.CheckOptions;
import kvs.checker.Checker;
import kvs.checker.Violation;
import kvs.checker.causal.History;
import kvs.checker.causal.Outcome;
import kvs.checker.history.FaultEvent;
import kvs.checker.history.HistoryEvent;
import kvs.checker.report.CheckReport;
import kvs.checker.report.ReportExtras;
import kvs.sim.world.SimConfig;

/** Judges a history with the checker (model CCv: causal consistency plus convergence). */
public final class CheckerJudge implements Judge {
    private final CheckOptions options;

    public CheckerJudge() {
        this(CheckOptions.defaults().withTimeLimit(Duration.ofMinutes(2)));
    }

    public CheckerJudge(CheckOptions options) {
        this.options = options;
    }

    @Override
    public Judgement judge(List<HistoryEvent> history) {
        return judge(history, List.of(), "(events)", ReportExtras.titled("kvs-sim: a simulated history"));
    }

    /** The report's title names the seed; its run table holds the configuration and the replay command. */
    @Override
    public Judgement judge(List<HistoryEvent> history, SimConfig config) {
        return judge(history, List.of(), config);
    }

    @Override
    public Judgement judge(List<HistoryEvent> history, List<FaultEvent> faults, SimConfig config) {
        return judge(history, faults, "seed " + config.seed(), new ReportExtras("kvs-sim: seed " + config.seed(), List.of(
                new ReportExtras.InfoRow("seed", Long.toString(config.seed())),
                new ReportExtras.InfoRow("configuration", config.describe()),
                new ReportExtras.InfoRow("replay", RunResult.replayCommand(config))), List.of(), List.of()));
    }

    private Judgement judge(List<HistoryEvent> history, List<FaultEvent> faults, String source, ReportExtras extras) {
        History h = new History();
        long line = 1;
        for (HistoryEvent e : history) h.add(e, ++line);
        for (FaultEvent f : faults) h.addFault(f);
        CheckReport report = Checker.check(h, options, source);
        // Checks in the order the checker reports them (it orders them deterministically), without repeats.
        List<String> checks = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (Violation v : report.violations()) {
            for (String c : v.checks()) if (seen.add(c)) checks.add(c);
        }
        Judgement.Verdict verdict = switch (report.verdict()) {
            case VALID -> Judgement.Verdict.VALID;
            case INVALID -> Judgement.Verdict.INVALID;
            case UNKNOWN -> Judgement.Verdict.UNKNOWN;
        };
        List<Judgement.Finding> findings = new ArrayList<>();
        for (Violation v : report.violations()) {
            for (Violation.Broken b : v.broken()) {
                findings.add(new Judgement.Finding(b.check(), b.pattern(), b.operations(), b.count() == 1));
            }
        }
        boolean complete = report.groups().size() == report.violations().size();
        return new Judgement(verdict, checks, report.text(), report.json(), report.html(extras), findings,
                Outcome.checksOf(options.model()), complete);
    }
}
