package kvs.checker.report;

import java.util.List;

/**
 * What a caller adds to the one HTML report beyond the history's own content: a title, a table
 * of facts about the run (implementation, seed, faults, the command that repeats it), a
 * conformance table, and sections of its own. The checker, the simulator and the workload pass
 * {@link #none()} or a title; the tester fills all of it.
 *
 * @param title the page's title; empty for the default ({@code kvs-check: <source>})
 * @param runInfo facts about the run, in order
 * @param conformance rows of a conformance suite, in order (empty: no conformance table)
 * @param sections further sections, in order, each already HTML (escaped by the caller)
 */
public record ReportExtras(String title, List<InfoRow> runInfo, List<ConformanceRow> conformance, List<Section> sections) {

    /** One fact about the run. */
    public record InfoRow(String name, String value) {
        public InfoRow {
            if (name == null || value == null) throw new IllegalArgumentException("an info row has a name and a value");
        }
    }

    /**
     * One check of a conformance suite.
     *
     * @param group the part of the API or the scenario the check belongs to
     * @param check what is checked, in a few words
     * @param pass whether the implementation did what the spec wants
     * @param request the request sent (method, path, body), or the scenario's steps
     * @param answer the answer received (status, content type, body), or what was observed
     * @param expected what the spec wants
     */
    public record ConformanceRow(String group, String check, boolean pass, String request, String answer, String expected) {
        public ConformanceRow {
            if (group == null || check == null || request == null || answer == null || expected == null) {
                throw new IllegalArgumentException("a conformance row has no null components");
            }
        }
    }

    /** A section of the page: {@code html} is a self-contained, already escaped fragment. */
    public record Section(String id, String title, String html) {
        public Section {
            if (id == null || title == null || html == null) throw new IllegalArgumentException("a section has an id, a title and html");
        }
    }

    public ReportExtras {
        if (title == null) throw new IllegalArgumentException("title must not be null (empty for the default)");
        runInfo = List.copyOf(runInfo);
        conformance = List.copyOf(conformance);
        sections = List.copyOf(sections);
    }

    /** Nothing added: the page of a history alone. */
    public static ReportExtras none() {
        return new ReportExtras("", List.of(), List.of(), List.of());
    }

    /** Only a title. */
    public static ReportExtras titled(String title) {
        return new ReportExtras(title, List.of(), List.of(), List.of());
    }
}
