package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kvs.checker.causal.History;
import kvs.checker.history.HistoryFormatException;
import kvs.checker.tools.Generator;

class ParallelLoaderTest {
    @TempDir
    Path dir;

    private static List<String> describe(History h) {
        List<String> out = new ArrayList<>();
        for (int o = 0; o < h.size(); o++) {
            out.add(h.sessionName(o) + " " + h.kind(o) + " " + h.keyName(o) + " " + h.value(o) + " " + h.outcome(o) + " "
                    + h.found(o) + " " + h.isFinal(o) + " " + h.replicaName(o) + " " + h.invokeNanos(o) + " " + h.completeNanos(o));
        }
        return out;
    }

    @Test
    void readingInTwoHalvesGivesTheSameHistoryAsReadingInOne() throws IOException {
        Path file = dir.resolve("h.jsonl");
        Generator.generate(Generator.Params.of(4000, 7, 25, 3, 11), file);
        History one = ParallelLoader.load(file, Long.MAX_VALUE);
        History two = ParallelLoader.load(file, 0);
        assertEquals(describe(one), describe(two));
        assertEquals(one.sessionCount(), two.sessionCount());
    }

    @Test
    void aBadLineInTheSecondHalfIsReportedWithItsLineInTheWholeFile() throws IOException {
        Path file = dir.resolve("h.jsonl");
        Generator.generate(Generator.Params.of(2000, 5, 20, 3, 5), file);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        int bad = lines.size() - 10;
        lines.set(bad, "{\"type\":\"ok\",");
        Files.write(file, lines);
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> ParallelLoader.load(file, 0));
        assertEquals(bad + 1, e.lineNumber(), e.getMessage());
    }

    @Test
    void faultsAndUnexpectedAnswersInEitherHalfAreKept() throws IOException {
        Path file = dir.resolve("h.jsonl");
        Generator.generate(Generator.Params.of(2000, 5, 20, 3, 5), file);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String fault = "{\"type\":\"fault\",\"id\":%d,\"phase\":\"start\",\"fault\":\"kill\",\"targets\":[\"r\"],\"time\":%d}";
        lines.add(lines.size() - 3, String.format(fault, 2, 900));
        lines.add(3, String.format(fault, 1, 100));
        for (int i = lines.size() - 1; i > 0; i--) {
            if (lines.get(i).startsWith("{\"type\":\"ok\"")) {
                lines.set(i, lines.get(i).replace("{\"type\":\"ok\",", "{\"type\":\"ok\",\"unexpected\":\"HTTP 200 text/plain\","));
                break;
            }
        }
        Files.write(file, lines);
        History one = ParallelLoader.load(file, Long.MAX_VALUE);
        History two = ParallelLoader.load(file, 0);
        assertEquals(describe(one), describe(two));
        assertEquals(List.of(1L, 2L), two.faults().stream().map(f -> f.id()).toList());
        assertEquals(one.faults(), two.faults());
        assertEquals(1, two.unexpectedCount());
        assertEquals(one.unexpectedOp(0), two.unexpectedOp(0));
    }
}
