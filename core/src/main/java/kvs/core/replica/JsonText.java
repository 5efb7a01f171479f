package kvs.core.replica;

/**
 * Checks of JSON text that the core stores and serves as it came (values are kept as text end to
 * end): exactly one JSON value (RFC 8259, no trailing text), nested at most so deep, and valid
 * Unicode. The core has no JSON library; this is a small recursive-descent recogniser that builds
 * nothing.
 */
public final class JsonText {
    private final String text;
    private final int depthMax;
    private int at;

    private JsonText(String text, int depthMax) {
        this.text = text;
        this.depthMax = depthMax;
    }

    /** True when {@code s} has no lone surrogate (it is a sequence of Unicode scalar values). */
    public static boolean isValidUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code s} is exactly one JSON value, with whitespace around it at most. */
    static boolean isOneValue(String s, int depthMax) {
        JsonText p = new JsonText(s, depthMax);
        p.space();
        if (!p.value(0)) return false;
        p.space();
        return p.at == s.length();
    }

    private boolean value(int depth) {
        if (at >= text.length()) return false;
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> depth < depthMax && object(depth + 1);
            case '[' -> depth < depthMax && array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        };
    }

    private boolean object(int depth) {
        at++; // {
        space();
        if (peek('}')) return true;
        while (true) {
            space();
            if (at >= text.length() || text.charAt(at) != '"' || !string()) return false;
            space();
            if (!peek(':')) return false;
            space();
            if (!value(depth)) return false;
            space();
            if (peek('}')) return true;
            if (!peek(',')) return false;
        }
    }

    private boolean array(int depth) {
        at++; // [
        space();
        if (peek(']')) return true;
        while (true) {
            space();
            if (!value(depth)) return false;
            space();
            if (peek(']')) return true;
            if (!peek(',')) return false;
        }
    }

    private boolean string() {
        at++; // opening quote
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') return true;
            if (c < 0x20) return false;
            if (c == '\\') {
                if (at >= text.length()) return false;
                char e = text.charAt(at++);
                if (e == 'u') {
                    if (at + 4 > text.length()) return false;
                    for (int i = 0; i < 4; i++) {
                        if (Character.digit(text.charAt(at++), 16) < 0) return false;
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    return false;
                }
            }
        }
        return false;
    }

    private boolean number() {
        int start = at;
        peek('-');
        if (at >= text.length()) return false;
        if (text.charAt(at) == '0') {
            at++;
        } else if (!digits()) {
            return false;
        }
        if (peek('.') && !digits()) return false;
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (!peek('+')) peek('-');
            if (!digits()) return false;
        }
        return at > start;
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') at++;
        return at > start;
    }

    private boolean literal(String word) {
        if (!text.startsWith(word, at)) return false;
        at += word.length();
        return true;
    }

    private boolean peek(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            at++;
        }
    }
}
