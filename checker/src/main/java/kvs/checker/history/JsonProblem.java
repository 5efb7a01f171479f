package kvs.checker.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a line of JSON, in the words of the history format rather than the JSON
 * library's: its messages name parser tokens and internal sources, which mean nothing to a user.
 */
final class JsonProblem {
    private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile("Unexpected character \\('(.+?)' \\(code (\\d+)\\)");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '(.{1,40}?)'");

    private JsonProblem() {}

    /** A short description of {@code e}, with the column where the parser stopped. */
    static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String where = e.getLocation() != null && e.getLocation().getColumnNr() > 0
                ? " (column " + e.getLocation().getColumnNr() + ")" : "";
        if (e instanceof JsonEOFException || message.startsWith("Unexpected end-of-input")) {
            return "the file ends inside a JSON object: the last line is cut short";
        }
        if (message.contains("CTRL-CHAR") && message.contains("code 10")) {
            return "the line ends inside a JSON string: was the line cut short?";
        }
        if (message.contains("CTRL-CHAR")) {
            return "a control character inside a JSON string must be escaped" + where;
        }
        Matcher m = UNEXPECTED_CHARACTER.matcher(message);
        if (m.find()) {
            int code = Integer.parseInt(m.group(2));
            String shown = code == 10 || code == 13 ? "the end of the line" : "'" + m.group(1) + "'";
            return "unexpected " + shown + where + (code == 10 || code == 13 ? ": was the line cut short?" : "");
        }
        Matcher word = UNRECOGNIZED_TOKEN.matcher(message);
        if (word.find()) return "'" + word.group(1) + "' is not JSON" + where;
        return "not valid JSON" + where;
    }

    /** A token in words: "a string", "an array". */
    static String describe(JsonToken token) {
        if (token == null) return "nothing";
        return switch (token) {
            case START_ARRAY, END_ARRAY -> "an array";
            case START_OBJECT, END_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "something else";
        };
    }
}
