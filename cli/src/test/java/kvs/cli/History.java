package kvs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a history file's lines as JSON, for assertions. */
public final class History {
    private History() {}

    public static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) lines.add(Json.parse(line).orElseThrow());
        return lines;
    }

    /** The events, without the header line (which must be the first and only header). */
    public static List<JsonNode> events(Path file) throws IOException {
        List<JsonNode> lines = lines(file);
        if (lines.isEmpty() || !"kvs-history".equals(lines.get(0).path("format").asText())) {
            throw new AssertionError("history " + file + " does not start with its header");
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).has("format")) throw new AssertionError("second header at line " + (i + 1));
        }
        return lines.subList(1, lines.size());
    }
}
