package kvs.tester.conformance;

import java.io.PrintStream;
import java.util.List;

/**
 * The terminal table: one line per check ({@code PASS}, {@code FAIL}, {@code SKIP}, its group and
 * name), and under a failing or skipped check what was sent, what came back and what the spec
 * wants; then a count.
 */
public final class ConformanceTable {
    private static final int GROUP_WIDTH = 15;
    private static final int DETAIL_CHARS_MAX = 400;

    private ConformanceTable() {}

    public static void header(PrintStream out) {
        out.println("RESULT  " + pad("GROUP") + "CHECK");
    }

    public static void row(PrintStream out, CheckResult result) {
        out.println(pad(result.status().name(), 8) + pad(result.group()) + result.check());
        switch (result.status()) {
            case FAIL -> {
                detail(out, "sent", result.request());
                detail(out, "got", result.answer());
                detail(out, "expected", result.expected());
            }
            case SKIP -> detail(out, "reason", result.answer());
            case PASS -> { }
        }
    }

    public static String summary(List<CheckResult> results) {
        long pass = results.stream().filter(r -> r.status() == CheckResult.Status.PASS).count();
        long fail = results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count();
        long skip = results.size() - pass - fail;
        return "conformance: " + results.size() + " checks, " + pass + " PASS, " + fail + " FAIL, " + skip + " SKIP";
    }

    private static void detail(PrintStream out, String label, String text) {
        out.println("        " + pad(label, 10) + RawHttp.shorten(text, DETAIL_CHARS_MAX));
    }

    private static String pad(String text) {
        return pad(text, GROUP_WIDTH);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
