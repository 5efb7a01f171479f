package kvs.checker.report;

/** Writes JSON text by hand into a builder, safe to embed in an HTML script element. */
final class Json {
    private Json() {}

    /** A JSON string; {@code <}, {@code >}, {@code &} and the line separators are escaped, so "</script>" cannot occur. */
    static StringBuilder str(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                case '\u2028' -> b.append("\\u2028");
                case '\u2029' -> b.append("\\u2029");
                default -> {
                    if (c < 0x20) b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"');
    }

    /** A number that may be missing (NaN): {@code null} then. */
    static StringBuilder num(StringBuilder b, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return b.append("null");
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return b.append((long) v);
        return b.append(String.format(java.util.Locale.ROOT, "%.4g", v));
    }
}
