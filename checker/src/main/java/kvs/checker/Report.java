package kvs.checker;

import java.util.List;

/** The result of a check: a verdict, the violations grouped by root cause, and three renderings. */
public interface Report {
    Verdict verdict();

    /** One entry per group of violations with a common root cause, in a deterministic order. */
    List<Violation> violations();

    /** The human summary (what {@code kvs-check FILE} prints). */
    String text();

    /** The results as one JSON document ({@code --json}). */
    String json();

    /** A self-contained HTML page with a timeline of the sessions ({@code --html}). */
    String html();
}
