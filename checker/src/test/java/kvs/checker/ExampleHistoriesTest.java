package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The example files in examples/histories have the verdict their names promise. */
class ExampleHistoriesTest {
    @Test
    void everyExampleHistoryHasTheVerdictItsNameSays() throws IOException {
        Path dir = Path.of("..", "examples", "histories");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            String name = f.getFileName().toString();
            Verdict expected = name.startsWith("valid-") || name.equals("generated-valid-2000.jsonl") ? Verdict.VALID : Verdict.INVALID;
            Report r = Checker.check(f, CheckOptions.defaults());
            assertEquals(expected, r.verdict(), () -> name + "\n" + r.text());
        }
    }
}
