package kvs.checker.causal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import kvs.checker.history.HistoryEvent;
import kvs.checker.tools.Generator;
import kvs.checker.tools.Generator.Anomaly;
import kvs.checker.tools.Generator.Params;

/**
 * The fixpoint and cycle search of causal memory against the definition, by brute force (bit-set
 * closures) on reference-model histories, which do have CyclicHB sessions (last-writer-wins is
 * causally convergent, not causal memory): per session, CyclicHB found if and only if hb_s is cyclic.
 */
class ExactHappensBeforeTest {
    @Test
    void cyclicHBIsReportedForExactlyTheSessionsWhoseExactHappensBeforeIsCyclic() {
        int cyclicSessions = 0;
        long[][] params = {{0, 2, 4, 3}, {1, 3, 3, 2}, {2, 4, 2, 3}, {3, 5, 5, 4}, {4, 2, 1, 2}, {5, 8, 6, 3}};
        for (long[] pr : params) {
            List<HistoryEvent> events = new ArrayList<>();
            Generator.generate(new Params(1500, (int) pr[1], (int) pr[2], (int) pr[3], pr[0], Anomaly.NONE, 0.01), events::add);
            History h = new History();
            int line = 0;
            for (HistoryEvent e : events) h.add(e, ++line);
            Analysis a = new Analysis(h, System.nanoTime() + 60_000_000_000L);
            a.run();
            int n = a.n;
            BitSet[] co = new BitSet[n];
            for (int i = 0; i < n; i++) co[i] = new BitSet(n);
            for (int s = 0; s < a.k; s++) for (int q = 0; q + 1 < a.sessOps[s].length; q++) co[a.sessOps[s][q]].set(a.sessOps[s][q + 1]);
            for (int o = 0; o < n; o++) if (a.role[o] == Analysis.R_READ) co[a.src[o]].set(o);
            close(co);
            for (int s = 0; s < a.k; s++) {
                BitSet[] derived = new BitSet[n];
                for (int i = 0; i < n; i++) derived[i] = new BitSet(n);
                BitSet[] hb;
                boolean grew;
                do {
                    hb = new BitSet[n];
                    for (int i = 0; i < n; i++) { hb[i] = (BitSet) co[i].clone(); hb[i].or(derived[i]); }
                    close(hb);
                    grew = false;
                    for (int r : a.sessOps[s]) {
                        if (a.role[r] != Analysis.R_READ || a.violatingRead.get(r)) continue;
                        IntList ws = a.writesOnKey(a.h.key.get(r));
                        for (int i = 0; i < ws.size(); i++) {
                            int w = ws.get(i);
                            if (w != a.src[r] && hb[w].get(r) && !derived[w].get(a.src[r])) { derived[w].set(a.src[r]); grew = true; }
                        }
                    }
                } while (grew);
                boolean cyclic = false;
                for (int i = 0; i < n; i++) if (hb[i].get(i)) cyclic = true;
                final int ss = s;
                boolean checkerCyclic = a.findings.stream().anyMatch(f -> f.pattern().equals("CyclicHB") && f.groupKey().equals("session:" + ss));
                if (cyclic != checkerCyclic) throw new AssertionError("seed " + pr[0] + " session " + s + " brute cyclic " + cyclic);
                cyclicSessions += cyclic ? 1 : 0;
            }
        }
        if (cyclicSessions == 0) throw new AssertionError("the histories exercise at least one CyclicHB session");
    }

    private static void close(BitSet[] m) {
        int n = m.length;
        for (int k = 0; k < n; k++) for (int i = 0; i < n; i++) if (m[i].get(k)) m[i].or(m[k]);
    }
}
