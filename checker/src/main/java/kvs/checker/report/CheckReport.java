package kvs.checker.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import kvs.checker.Model;
import kvs.checker.Report;
import kvs.checker.Verdict;
import kvs.checker.Violation;
import kvs.checker.causal.Finding;
import kvs.checker.causal.History;
import kvs.checker.causal.Outcome;

/**
 * The report of one check. Findings are grouped by root cause once ({@link RootCauses}): each
 * group is told once and lists every check it breaks. Explanations are written for at most
 * {@link #EXPLAINED_GROUPS_MAX} groups (each costs a breadth-first search), shared among the
 * failing checks so that each shows examples; the counts always cover every finding.
 */
public final class CheckReport implements Report {
    public static final int EXPLAINED_GROUPS_MAX = 100;

    private final Outcome outcome;
    private final Model model;
    private final String source;
    private final List<RootCauses.Group> groups;
    private final List<RootCauses.Group> shownGroups;
    private final List<Violation> violations;

    public CheckReport(Outcome outcome, Model model, String source) {
        this.outcome = outcome;
        this.model = model;
        this.source = source;
        this.groups = RootCauses.group(outcome.findings());
        this.shownGroups = RootCauses.choose(groups, EXPLAINED_GROUPS_MAX);
        List<Violation> out = new ArrayList<>();
        for (RootCauses.Group g : shownGroups) {
            List<Violation.Broken> broken = new ArrayList<>();
            for (String check : g.checks()) {
                Finding f = g.firsts().get(check);
                int count = g.count(check);
                String text = outcome.explain(f);
                if (count > 1) text += " (" + count + " violations share this root cause; the first is shown.)";
                broken.add(new Violation.Broken(check, f.pattern(), count, text, outcome.operations(f)));
            }
            Violation.Broken first = broken.get(0);
            out.add(new Violation(first.check(), first.pattern(), first.explanation(), first.operations(), broken));
        }
        this.violations = List.copyOf(out);
    }

    @Override
    public Verdict verdict() {
        return outcome.verdict(model);
    }

    public Model model() {
        return model;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Each check (cc, cm, ccv, session guarantees, convergence, thin-air) with its own verdict. */
    public Map<String, Verdict> checks() {
        return outcome.status();
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }

    /** Every root cause, explained or not. */
    public List<RootCauses.Group> groups() {
        return groups;
    }

    /** The root causes that {@link #violations()} explains, in the same order. */
    public List<RootCauses.Group> shownGroups() {
        return shownGroups;
    }

    /** How many root causes break {@code check}. */
    public int groupCount(String check) {
        int n = 0;
        for (RootCauses.Group g : groups) if (g.checks().contains(check)) n++;
        return n;
    }

    /** How many of the explained root causes break {@code check}. */
    public int shownGroupCount(String check) {
        int n = 0;
        for (RootCauses.Group g : shownGroups) if (g.checks().contains(check)) n++;
        return n;
    }

    /** One line per check: its verdict, its violations and root causes, and how many of those are explained. */
    String checkLine(String check) {
        int count = outcome.findingCount(check);
        if (count == 0) return "";
        int groupsOfCheck = groupCount(check);
        String line = plural(count, "violation") + (groupsOfCheck != count ? " in " + plural(groupsOfCheck, "root cause") : "");
        int shown = shownGroupCount(check);
        if (shown < groupsOfCheck) line += " (" + shown + " explained below)";
        return line;
    }

    String source() {
        return source;
    }


    @Override
    public String text() {
        History h = outcome.history();
        StringBuilder b = new StringBuilder();
        b.append("kvs-check ").append(source).append(": ").append(plural(h.size(), "operation")).append(", ")
                .append(plural(h.sessionCount(), "session")).append(", ").append(plural(h.keyCount(), "key")).append("\n");
        b.append("verdict (model ").append(model.wire()).append("): ").append(verdict()).append("\n\n");
        for (Map.Entry<String, Verdict> e : outcome.status().entrySet()) {
            String line = String.format(Locale.ROOT, "  %-20s %-8s %s", e.getKey(), e.getValue(), checkLine(e.getKey()));
            b.append(line.stripTrailing()).append("\n");
        }
        String faults = faultSummary(h);
        if (!faults.isEmpty()) b.append("\nnemesis: ").append(faults).append(" (verdicts ignore them)\n");
        if (h.unexpectedCount() > 0) {
            b.append("unexpected answers: ").append(h.unexpectedCount()).append(" (answers the API does not allow; first: #")
                    .append(h.unexpectedOp(0)).append(" ").append(h.unexpectedText(0)).append(")\n");
        }
        if (!violations.isEmpty()) {
            b.append("\nViolations, one entry per root cause (").append(violations.size()).append(" of ")
                    .append(groups.size()).append(" explained):\n");
        }
        int i = 1;
        for (Violation v : violations) {
            b.append("\n[").append(i++).append("] ").append(String.join(", ", v.checks())).append(": ").append(v.pattern());
            RootCauses.Group g = shownGroups.get(i - 2);
            if (g.size() > 1) b.append(" (").append(plural(g.size(), "violation")).append(")");
            b.append("\n").append(wrap(v.explanation(), 100, "    ")).append("\n");
            for (Violation.Broken also : v.broken().subList(1, v.broken().size())) {
                b.append(wrap("Also " + also.check() + " (" + also.pattern() + "): " + alsoText(v.explanation(), also.explanation()), 100, "    "))
                        .append("\n");
            }
        }
        if (groups.size() > violations.size()) {
            b.append("\n(").append(groups.size() - violations.size()).append(" more root causes not explained: ")
                    .append(notShownByCheck()).append(")\n");
        }
        if (!outcome.notes().isEmpty()) {
            b.append("\nNotes:\n");
            for (String note : outcome.notes()) b.append(wrap(note, 100, "  - ")).append("\n");
        }
        b.append(String.format(Locale.ROOT, "%nchecked in %.0f ms%n", outcome.elapsedNanos() / 1e6));
        return b.toString();
    }

    private String notShownByCheck() {
        List<String> parts = new ArrayList<>();
        for (String check : outcome.status().keySet()) {
            int left = groupCount(check) - shownGroupCount(check);
            if (left > 0) parts.add(check + " " + left);
        }
        return String.join(", ", parts);
    }

    /**
     * The explanation of a further check that a root cause breaks, without what the first
     * explanation already said: when it is the first one with a clause added, only that clause;
     * otherwise its "Let ..." sentence introduces only the operations the first one did not.
     */
    static String alsoText(String first, String also) {
        String head = stripCount(first);
        String body = stripCount(also);
        String suffix = also.substring(body.length());
        if (head.endsWith(".") && body.startsWith(head.substring(0, head.length() - 1)) && body.length() > head.length()) {
            String rest = body.substring(head.length() - 1).replaceFirst("^[:;,.]\\s*", "");
            return "As above: " + rest + suffix;
        }
        String let = letSentence(body);
        if (let.isEmpty()) return also;
        java.util.Set<String> known = new java.util.TreeSet<>();
        for (String part : letParts(letSentence(head))) known.add(part.substring(0, part.indexOf(' ')));
        List<String> kept = new ArrayList<>();
        for (String part : letParts(let)) if (!known.contains(part.substring(0, part.indexOf(' ')))) kept.add(part);
        String rest = body.substring(let.length()).strip();
        return (kept.isEmpty() ? "" : "Let " + String.join(", ", kept) + ". ") + rest + suffix;
    }

    private static String stripCount(String text) {
        int i = text.lastIndexOf(" (");
        return i >= 0 && text.endsWith(" share this root cause; the first is shown.)") ? text.substring(0, i) : text;
    }

    /** "#1 be the put ...", one per operation that a "Let" sentence introduces. */
    private static List<String> letParts(String let) {
        if (let.length() < 5) return List.of();
        return List.of(let.substring(4, let.length() - 1).split(", (?=#\\d+ be the )"));
    }

    /** The opening "Let #1 be ..., #2 be ...." sentence, or empty. */
    private static String letSentence(String text) {
        if (!text.startsWith("Let ")) return "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\. (?=[A-Z])").matcher(text);
        return m.find() ? text.substring(0, m.start() + 1) : "";
    }

    /** "7 faults (kill 4, slow 3)", or empty when the history has none. */
    static String faultSummary(History h) {
        Map<String, Integer> byKind = new java.util.TreeMap<>();
        for (kvs.checker.history.FaultEvent f : h.faults()) {
            if (f.phase() == kvs.checker.history.FaultEvent.Phase.START) byKind.merge(f.fault(), 1, Integer::sum);
        }
        if (byKind.isEmpty()) return "";
        int total = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : byKind.entrySet()) {
            total += e.getValue();
            parts.add(e.getKey() + " " + e.getValue());
        }
        return plural(total, "fault") + " (" + String.join(", ", parts) + ")";
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    static String wrap(String text, int width, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        String continuation = " ".repeat(indent.length());
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > width && line.length() > indent.length()) {
                out.append(line.toString().stripTrailing()).append("\n");
                line = new StringBuilder(continuation);
            }
            line.append(word).append(' ');
        }
        out.append(line.toString().stripTrailing());
        return out.toString();
    }

    @Override
    public String json() {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.useDefaultPrettyPrinter();
            History h = outcome.history();
            g.writeStartObject();
            g.writeStringField("source", source);
            g.writeStringField("model", model.wire());
            g.writeStringField("verdict", verdict().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("exitCode", verdict().exitCode());
            g.writeNumberField("operations", h.size());
            g.writeNumberField("sessions", h.sessionCount());
            g.writeNumberField("keys", h.keyCount());
            g.writeNumberField("elapsedMillis", outcome.elapsedNanos() / 1_000_000);
            g.writeNumberField("faults", h.faults().stream().filter(f -> f.phase() == kvs.checker.history.FaultEvent.Phase.START).count());
            g.writeNumberField("unexpectedAnswers", h.unexpectedCount());
            g.writeObjectFieldStart("checks");
            for (Map.Entry<String, Verdict> e : outcome.status().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("verdict", e.getValue().name().toLowerCase(Locale.ROOT));
                g.writeNumberField("violations", outcome.findingCount(e.getKey()));
                g.writeNumberField("rootCauses", groupCount(e.getKey()));
                g.writeNumberField("explained", shownGroupCount(e.getKey()));
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("violations");
            for (int i = 0; i < violations.size(); i++) {
                Violation v = violations.get(i);
                g.writeStartObject();
                g.writeStringField("check", v.check());
                g.writeStringField("pattern", v.pattern());
                g.writeNumberField("count", shownGroups.get(i).size());
                g.writeArrayFieldStart("checks");
                for (String c : v.checks()) g.writeString(c);
                g.writeEndArray();
                g.writeArrayFieldStart("operations");
                for (int o : v.operations()) g.writeNumber(o);
                g.writeEndArray();
                g.writeStringField("explanation", v.explanation());
                g.writeArrayFieldStart("also");
                for (Violation.Broken also : v.broken().subList(1, v.broken().size())) {
                    g.writeStartObject();
                    g.writeStringField("check", also.check());
                    g.writeStringField("pattern", also.pattern());
                    g.writeNumberField("count", also.count());
                    g.writeArrayFieldStart("operations");
                    for (int o : also.operations()) g.writeNumber(o);
                    g.writeEndArray();
                    g.writeStringField("explanation", also.explanation());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("groupsNotShown", groups.size() - violations.size());
            g.writeArrayFieldStart("notes");
            for (String note : outcome.notes()) g.writeString(note);
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString() + "\n";
    }

    @Override
    public String html() {
        return html(ReportExtras.none());
    }

    /** The HTML page with what the caller adds: a title, facts about the run, conformance rows, sections. */
    public String html(ReportExtras extras) {
        return new ReportPage(this, extras).render();
    }
}
