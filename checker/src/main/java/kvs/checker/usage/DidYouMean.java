package kvs.checker.usage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Suggestions for a mistyped command or option: the known names closest to what was typed, by edit
 * distance with transpositions ({@code rnu} is one step from {@code run}, {@code exprot} one from
 * {@code export}), or those it is a prefix of. Nothing is suggested when nothing is close, since a
 * far-fetched suggestion misleads more than none.
 */
public final class DidYouMean {
    /** Most suggestions given at once. */
    public static final int SUGGESTIONS_MAX = 3;

    private DidYouMean() {}

    /** The closest of {@code candidates} to {@code typed}, sorted, at most {@link #SUGGESTIONS_MAX}; empty if none is close. */
    public static List<String> suggest(String typed, Collection<String> candidates) {
        String word = typed.toLowerCase(Locale.ROOT);
        String bare = stripDashes(word);
        TreeSet<String> best = new TreeSet<>();
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(candidates)) {
            if (candidate.equals(typed)) continue;
            String c = candidate.toLowerCase(Locale.ROOT);
            int distance = distance(word, c);
            if (distance > allowed(bare)) {
                boolean prefix = stripDashes(c).startsWith(bare) && bare.length() >= 2 && dashes(word) == dashes(c);
                if (!prefix) continue;
                distance = allowed(bare) + 1; // a prefix ranks after every close spelling
            }
            if (distance < bestDistance) {
                best.clear();
                bestDistance = distance;
            }
            if (distance == bestDistance) best.add(candidate);
        }
        List<String> out = new ArrayList<>(best);
        return out.size() > SUGGESTIONS_MAX ? out.subList(0, SUGGESTIONS_MAX) : out;
    }

    /** "did you mean 'run'?", "did you mean 'get' or 'set'?", or empty. */
    public static String phrase(List<String> suggestions) {
        if (suggestions.isEmpty()) return "";
        List<String> quoted = new ArrayList<>();
        for (String s : suggestions) quoted.add("'" + s + "'");
        String last = quoted.remove(quoted.size() - 1);
        return "did you mean " + (quoted.isEmpty() ? last : String.join(", ", quoted) + " or " + last) + "?";
    }

    private static int allowed(String bare) {
        return Math.max(1, Math.min(3, bare.length() / 3));
    }

    private static int dashes(String s) {
        int n = 0;
        while (n < s.length() && s.charAt(n) == '-') n++;
        return n;
    }

    private static String stripDashes(String s) {
        return s.substring(dashes(s));
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
