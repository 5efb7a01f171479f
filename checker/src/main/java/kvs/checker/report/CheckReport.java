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
import kvs.checker.causal.History;
import kvs.checker.causal.Outcome;

/**
 * The report of one check. Explanations are written for the first {@link #EXPLAINED_GROUPS_MAX}
 * groups only (each costs a breadth-first search); the counts always cover every finding.
 */
public final class CheckReport implements Report {
    public static final int EXPLAINED_GROUPS_MAX = 100;

    private final Outcome outcome;
    private final Model model;
    private final String source;
    private final List<Violation> violations;
    private final List<Outcome.Group> shownGroups;

    public CheckReport(Outcome outcome, Model model, String source) {
        this.outcome = outcome;
        this.model = model;
        this.source = source;
        this.shownGroups = outcome.groups().subList(0, Math.min(EXPLAINED_GROUPS_MAX, outcome.groups().size()));
        List<Violation> out = new ArrayList<>();
        for (Outcome.Group g : shownGroups) {
            String text = outcome.explain(g.first());
            if (g.count() > 1) {
                text += " (" + g.count() + " violations share this root cause; the first is shown.)";
            }
            out.add(new Violation(g.check(), g.pattern(), text, outcome.operations(g.first())));
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

    List<Outcome.Group> shownGroups() {
        return shownGroups;
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
            String check = e.getKey();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-20s %-8s", check, e.getValue()));
            int count = outcome.findingCount(check);
            long groups = outcome.groups().stream().filter(g -> g.check().equals(check)).count();
            if (count > 0) line.append(" ").append(plural(count, "violation")).append(groups > 1 ? " in " + groups + " groups" : "");
            b.append(line.toString().stripTrailing()).append("\n");
        }
        if (!violations.isEmpty()) b.append("\nViolations (grouped by root cause):\n");
        int i = 1;
        for (Violation v : violations) {
            b.append("\n[").append(i++).append("] ").append(v.check()).append(": ").append(v.pattern()).append("\n");
            b.append(wrap(v.explanation(), 100, "    ")).append("\n");
        }
        if (outcome.groups().size() > violations.size()) {
            b.append("\n(").append(outcome.groups().size() - violations.size()).append(" more groups not shown)\n");
        }
        if (!outcome.notes().isEmpty()) {
            b.append("\nNotes:\n");
            for (String note : outcome.notes()) b.append(wrap(note, 100, "  - ")).append("\n");
        }
        b.append(String.format(Locale.ROOT, "%nchecked in %.0f ms%n", outcome.elapsedNanos() / 1e6));
        return b.toString();
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
            g.writeObjectFieldStart("checks");
            for (Map.Entry<String, Verdict> e : outcome.status().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("verdict", e.getValue().name().toLowerCase(Locale.ROOT));
                g.writeNumberField("violations", outcome.findingCount(e.getKey()));
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("violations");
            for (int i = 0; i < violations.size(); i++) {
                Violation v = violations.get(i);
                g.writeStartObject();
                g.writeStringField("check", v.check());
                g.writeStringField("pattern", v.pattern());
                g.writeNumberField("count", shownGroups.get(i).count());
                g.writeArrayFieldStart("operations");
                for (int o : v.operations()) g.writeNumber(o);
                g.writeEndArray();
                g.writeStringField("explanation", v.explanation());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("groupsNotShown", outcome.groups().size() - violations.size());
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
        return new HtmlTimeline(this, extras).render();
    }
}
