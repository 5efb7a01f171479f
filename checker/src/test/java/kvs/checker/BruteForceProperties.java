package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import kvs.checker.report.CheckReport;

/**
 * The fast checker against the definitions, computed by brute force (transitive closure by
 * Floyd–Warshall) on small random histories, which are mostly invalid: same verdicts for cc, cm
 * and ccv, and the same answer to "is causal order cyclic".
 */
class BruteForceProperties {
    private static final int PUT = 0, GET = 1, DEL = 2;

    private record Op(String session, int kind, String key, String value, boolean found) {}

    @Property(tries = 1500)
    void theFastCheckerAgreesWithTheDefinitionsOnSmallRandomHistories(@ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
        Random random = new Random(seed);
        int sessions = 2 + random.nextInt(3), keys = 1 + random.nextInt(3), count = 3 + random.nextInt(12);
        List<Op> ops = new ArrayList<>();
        List<String> written = new ArrayList<>();
        List<String> writtenKey = new ArrayList<>();
        int next = 1;
        for (int i = 0; i < count; i++) {
            String s = "s" + random.nextInt(sessions);
            String key = "k" + random.nextInt(keys);
            int kind = random.nextInt(10);
            if (kind < 4) {
                String v = Integer.toString(next++);
                ops.add(new Op(s, PUT, key, v, false));
                written.add(v);
                writtenKey.add(key);
            } else if (kind < 5) {
                ops.add(new Op(s, DEL, key, "", false));
            } else {
                // Read a value of this key (any, even one written later: cycles), or absent.
                List<String> candidates = new ArrayList<>();
                for (int j = 0; j < written.size(); j++) if (writtenKey.get(j).equals(key)) candidates.add(written.get(j));
                if (!candidates.isEmpty() && random.nextInt(4) > 0) {
                    ops.add(new Op(s, GET, key, candidates.get(random.nextInt(candidates.size())), true));
                } else if (random.nextInt(3) == 0) {
                    ops.add(new Op(s, GET, key, Integer.toString(next + random.nextInt(3)), true)); // maybe written later
                } else {
                    ops.add(new Op(s, GET, key, "", false));
                }
            }
        }
        Hist h = new Hist();
        for (Op o : ops) {
            switch (o.kind()) {
                case PUT -> h.put(o.session(), o.key(), o.value());
                case DEL -> h.delete(o.session(), o.key());
                default -> {
                    if (o.found()) h.get(o.session(), o.key(), o.value());
                    else h.getAbsent(o.session(), o.key());
                }
            }
        }
        Brute b = new Brute(ops);
        net.jqwik.api.statistics.Statistics.collect(b.cyclic, b.writeCORead, b.writeCOInitRead, b.cyclicCF, b.cyclicHB, b.writeHBInitRead);
        CheckReport cc = (CheckReport) h.check(Model.CC);
        String context = ops + "\n" + cc.text();
        assertEquals(b.thinAir || b.cyclic || b.writeCORead || b.writeCOInitRead, cc.verdict() == Verdict.INVALID, "cc " + context);
        if (b.cyclic) return;
        assertEquals(b.thinAir || b.writeCORead || b.writeCOInitRead || b.cyclicCF,
                h.check(Model.CCV).verdict() == Verdict.INVALID, "ccv " + context);
        assertEquals(b.thinAir || b.writeCORead || b.writeCOInitRead || b.cyclicHB || b.writeHBInitRead,
                h.check(Model.CM).verdict() == Verdict.INVALID, "cm " + context);
    }

    /** The definitions, literally. */
    private static final class Brute {
        final int n;
        final List<Op> ops;
        final int[] src;
        boolean thinAir, cyclic, writeCORead, writeCOInitRead, cyclicCF, cyclicHB, writeHBInitRead;

        Brute(List<Op> ops) {
            this.ops = ops;
            this.n = ops.size();
            src = new int[n];
            boolean[][] co = new boolean[n][n];
            for (int i = 0; i < n; i++) {
                src[i] = -1;
                Op o = ops.get(i);
                if (o.kind() == GET && o.found()) {
                    for (int j = 0; j < n; j++) {
                        if (ops.get(j).kind() == PUT && ops.get(j).key().equals(o.key()) && ops.get(j).value().equals(o.value())) src[i] = j;
                    }
                    if (src[i] < 0) thinAir = true;
                    else co[src[i]][i] = true;
                }
                for (int j = i + 1; j < n; j++) {
                    if (ops.get(j).session().equals(o.session())) {
                        co[i][j] = true;
                        break;
                    }
                }
            }
            close(co);
            for (int i = 0; i < n; i++) if (co[i][i]) cyclic = true;
            if (cyclic) return;
            boolean[] violating = new boolean[n];
            for (int r = 0; r < n; r++) {
                Op o = ops.get(r);
                if (o.kind() != GET) continue;
                if (o.found() && src[r] >= 0) {
                    for (int w = 0; w < n; w++) {
                        if (isWrite(w) && w != src[r] && sameKey(w, r) && co[src[r]][w] && co[w][r]) violating[r] = true;
                    }
                    if (violating[r]) writeCORead = true;
                } else if (!o.found()) {
                    boolean initOk = true;
                    for (int w = 0; w < n; w++) if (isWrite(w) && sameKey(w, r) && co[w][r]) initOk = false;
                    boolean anyOk = initOk;
                    for (int d = 0; d < n && !anyOk; d++) {
                        if (ops.get(d).kind() != DEL || !sameKey(d, r) || co[r][d]) continue;
                        boolean ok = true;
                        for (int w = 0; w < n; w++) if (isWrite(w) && w != d && sameKey(w, r) && co[d][w] && co[w][r]) ok = false;
                        anyOk = ok;
                    }
                    if (!anyOk) {
                        writeCOInitRead = true;
                        violating[r] = true;
                    }
                }
            }
            // CCv: CO ∪ CF, conflict edges from the reads that are not already WriteCORead.
            boolean[][] cf = copy(co);
            for (int r = 0; r < n; r++) {
                if (ops.get(r).kind() != GET || src[r] < 0 || violating[r]) continue;
                for (int w = 0; w < n; w++) if (isWrite(w) && w != src[r] && sameKey(w, r) && co[w][r]) cf[w][src[r]] = true;
            }
            close(cf);
            for (int i = 0; i < n; i++) if (cf[i][i]) cyclicCF = true;
            // CM: per session s, hb = (co ∪ D)⁺ for the least D such that a read r1 of s reading w2 and a write
            // w1 ≠ w2 of its key with w1 hb r1 give w1 → w2 in D (the paper's recursive hb_o, o = s's last operation).
            for (String s : ops.stream().map(Op::session).distinct().toList()) {
                boolean[][] derived = new boolean[n][n];
                boolean[][] hb;
                boolean grew;
                do {
                    hb = copy(co);
                    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (derived[i][j]) hb[i][j] = true;
                    close(hb);
                    grew = false;
                    for (int r = 0; r < n; r++) {
                        if (!ops.get(r).session().equals(s) || ops.get(r).kind() != GET || src[r] < 0 || violating[r]) continue;
                        for (int w = 0; w < n; w++) {
                            if (isWrite(w) && w != src[r] && sameKey(w, r) && hb[w][r] && !derived[w][src[r]]) {
                                derived[w][src[r]] = true;
                                grew = true;
                            }
                        }
                    }
                } while (grew);
                for (int i = 0; i < n; i++) if (hb[i][i]) cyclicHB = true;
                for (int r = 0; r < n; r++) {
                    Op o = ops.get(r);
                    if (!o.session().equals(s) || o.kind() != GET || o.found() || violating[r]) continue;
                    // Every candidate source ruled out in hb: the initial state by a write of the key before r,
                    // each delete d (not after r) by another write w of the key with d hb w hb r.
                    boolean initOk = true;
                    for (int w = 0; w < n; w++) if (isWrite(w) && sameKey(w, r) && hb[w][r]) initOk = false;
                    boolean anyOk = initOk;
                    for (int d = 0; d < n && !anyOk; d++) {
                        if (ops.get(d).kind() != DEL || !sameKey(d, r) || hb[r][d]) continue;
                        boolean ok = true;
                        for (int w = 0; w < n; w++) if (isWrite(w) && w != d && sameKey(w, r) && hb[d][w] && hb[w][r]) ok = false;
                        anyOk = ok;
                    }
                    if (!anyOk) writeHBInitRead = true;
                }
            }
        }

        private boolean isWrite(int i) {
            return ops.get(i).kind() == PUT || ops.get(i).kind() == DEL;
        }

        private boolean sameKey(int a, int b) {
            return ops.get(a).key().equals(ops.get(b).key());
        }

        private static boolean[][] copy(boolean[][] m) {
            boolean[][] c = new boolean[m.length][];
            for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
            return c;
        }

        private static void close(boolean[][] m) {
            int n = m.length;
            for (int k = 0; k < n; k++) for (int i = 0; i < n; i++) if (m[i][k]) for (int j = 0; j < n; j++) if (m[k][j]) m[i][j] = true;
        }
    }
}
