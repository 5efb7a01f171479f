package kvs.checker.report;

import kvs.checker.causal.History;

/** Small text helpers of the HTML report. */
final class HtmlText {
    private HtmlText() {}

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String ellipsis(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(1, max - 1)) + "…";
    }

    /** "put x = 5", "get x → 5", "get x → absent", "delete x". */
    static String opLabel(History h, int o) {
        return switch (h.kind(o)) {
            case History.PUT -> "put " + h.keyName(o) + " = " + h.value(o);
            case History.GET -> "get " + h.keyName(o) + " → "
                    + (h.pending(o) || h.outcome(o) != History.OK ? "?" : h.found(o) ? h.value(o) : "absent");
            default -> "delete " + h.keyName(o);
        };
    }
}
