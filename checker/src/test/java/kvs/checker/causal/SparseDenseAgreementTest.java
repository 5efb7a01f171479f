package kvs.checker.causal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import kvs.checker.history.HistoryEvent;
import kvs.checker.tools.Generator;
import kvs.checker.tools.Generator.Anomaly;
import kvs.checker.tools.Generator.Params;

/**
 * Sparse and dense rows are two representations of one causal order: on histories with every
 * anomaly the generator injects, the analysis reports the same with either, cm included (with
 * sparse rows cm starts during the forward pass, and a read found to be a WriteCORead takes back
 * the conflict edges it had listed for its session: a stale edge once gave a false CyclicHB).
 */
class SparseDenseAgreementTest {
    @Test
    void sparseAndDenseRowsReportTheSame() {
        int compared = 0, withCc = 0;
        for (Anomaly anomaly : Anomaly.values()) {
            for (long seed = 0; seed < 40; seed++) {
                List<HistoryEvent> events = new ArrayList<>();
                Generator.generate(new Params(800, 6, 3, 3, seed, anomaly, 0.02), events::add);
                History h = new History();
                int line = 0;
                for (HistoryEvent e : events) h.add(e, ++line);
                String dense = report(h, Analysis.DENSE_SESSIONS_MAX), sparse = report(h, 0);
                assertEquals(dense, sparse, anomaly + ", seed " + seed);
                compared++;
                if (dense.contains("cc:WriteCORead")) withCc++;
            }
        }
        assertTrue(compared == 200 && withCc >= 40, "compared " + compared + ", with WriteCORead " + withCc);
    }

    private static String report(History h, int denseMax) {
        Analysis a = new Analysis(h, System.nanoTime() + 60_000_000_000L);
        a.denseSessionsMax = denseMax;
        a.run();
        StringBuilder out = new StringBuilder();
        for (Finding f : a.findings) out.append(f.check()).append(':').append(f.pattern()).append(':').append(f.groupKey()).append(Arrays.toString(f.ops())).append('\n');
        return out + " notes " + a.notes + " cm incomplete " + a.cmIncomplete;
    }
}
