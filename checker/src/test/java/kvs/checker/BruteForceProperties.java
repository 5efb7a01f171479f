package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import kvs.checker.report.CheckReport;

/**
 * The fast checker against the definitions, computed by brute force (transitive closure by
 * Floyd–Warshall) on small random histories, which are mostly invalid: same verdicts for cc, cm
 * and ccv, and the same answer to "is causal order cyclic". The histories have the shapes live
 * stores produce: deletes, absent reads, {@code fail} and {@code info} outcomes (a session that
 * goes on after an info is a new session), and, in the second property, many short sessions.
 * The brute force reads the outcomes by the format's rules, independently of the checker: a
 * failed operation did not happen; an info put happened if and only if some read returned its
 * value; an info get returned nothing; an info delete may be the source of an absent read but
 * overwrites nothing.
 */
class BruteForceProperties {
    /** Operation kinds; {@code FAILED_PUT} and {@code INFO_DEL} appear only in the brute force's input. */
    private static final int PUT = 0, GET = 1, DEL = 2, FAILED_PUT = 3, INFO_DEL = 4;

    private record Op(String session, int kind, String key, String value, boolean found, int outcome) {}

    @Test
    void theFastCheckerAgreesWithTheDefinitionsOnSmallRandomHistories() {
        Seeds.forEach("theFastCheckerAgreesWithTheDefinitionsOnSmallRandomHistories", 1500,
                seed -> agreeOn(seed, 2, 3, 3, 12, 0));
    }

    /**
     * Many sessions, info and fail outcomes; the checker keeps its causal pasts in sparse rows (as
     * it does beyond 256 sessions) for half of the cases, in dense ones for the other half.
     */
    @Test
    void theFastCheckerAgreesWithTheDefinitionsOnHistoriesWithManySessionsAndInfoAndFailOutcomes() {
        String property = "kvs.check.denseSessionsMax";
        String before = System.getProperty(property);
        try {
            Seeds.forEach("theFastCheckerAgreesWithTheDefinitionsOnHistoriesWithManySessionsAndInfoAndFailOutcomes", 1500, seed -> {
                System.setProperty(property, seed % 2 == 0 ? "0" : "256");
                agreeOn(seed, 3, 10, 3, 22, 25);
            });
        } finally {
            if (before == null) System.clearProperty(property);
            else System.setProperty(property, before);
        }
    }

    /** Outcomes: 0 ok, 1 fail, 2 info. */
    private static final int OK = 0, FAIL = 1, INFO = 2;

    /**
     * One random history of {@code minSessions + [0, sessionSpread)} sessions, 1-3 keys and
     * {@code 3 + [0, opSpread)} operations, of which {@code faultPercent} % end in fail or info.
     */
    private static void agreeOn(long seed, int minSessions, int sessionSpread, int keySpread, int opSpread, int faultPercent) {
        Random random = new Random(seed);
        int sessions = minSessions + random.nextInt(sessionSpread), keys = 1 + random.nextInt(keySpread);
        int count = 3 + random.nextInt(opSpread);
        List<Op> ops = new ArrayList<>();
        List<String> written = new ArrayList<>();
        List<String> writtenKey = new ArrayList<>();
        int next = 1;
        for (int i = 0; i < count; i++) {
            String s = "s" + random.nextInt(sessions);
            String key = "k" + random.nextInt(keys);
            int kind = random.nextInt(10);
            int outcome = random.nextInt(100) < faultPercent ? (random.nextBoolean() ? FAIL : INFO) : OK;
            if (kind < 4) {
                String v = Integer.toString(next++);
                ops.add(new Op(s, PUT, key, v, false, outcome));
                written.add(v);
                writtenKey.add(key);
            } else if (kind < 5) {
                ops.add(new Op(s, DEL, key, "", false, outcome));
            } else {
                // Read a value of this key (any, even one written later: cycles, or a failed one: thin air), or absent.
                List<String> candidates = new ArrayList<>();
                for (int j = 0; j < written.size(); j++) if (writtenKey.get(j).equals(key)) candidates.add(written.get(j));
                if (!candidates.isEmpty() && random.nextInt(4) > 0) {
                    ops.add(new Op(s, GET, key, candidates.get(random.nextInt(candidates.size())), true, outcome));
                } else if (random.nextInt(3) == 0) {
                    ops.add(new Op(s, GET, key, Integer.toString(next + random.nextInt(3)), true, outcome)); // maybe written later
                } else {
                    ops.add(new Op(s, GET, key, "", false, outcome));
                }
            }
        }
        agree(ops);
    }

    /**
     * Causal-memory shapes: small histories of a simulated causal store (replicas that apply
     * each other's writes in causal order, sessions that make a replica catch up with their
     * causal past before using it), so that cc holds and cm is what is in question. Half of the
     * stores settle conflicts by last writer wins (causally convergent, and so not always causal
     * memory), half keep the write applied last (causal memory, not always convergent). The fast
     * cm must agree with the brute-force fixpoint; the run must meet enough cases invalid under
     * cm alone, and enough whose fixpoint grew in a second round (edges derived through the
     * recursive rule, not only CO's conflict edges), to mean something: 3,000 cases give about
     * 130 and 45.
     */
    @Test
    void theFastCmAgreesWithTheDefinitionsOnHistoriesOfACausalStore() {
        int[] cmOnly = new int[1], multiRound = new int[1];
        String property = "kvs.check.denseSessionsMax";
        String before = System.getProperty(property);
        try {
            Seeds.forEach("theFastCmAgreesWithTheDefinitionsOnHistoriesOfACausalStore", 3000, seed -> {
                System.setProperty(property, seed % 2 == 0 ? "0" : "256");
                Brute b = agree(causalStore(new Random(seed)));
                if (!b.cyclic && !b.thinAir && !b.writeCORead && !b.writeCOInitRead && (b.cyclicHB || b.writeHBInitRead)) cmOnly[0]++;
                if (b.maxGrowingRounds >= 2) multiRound[0]++; // edges derived from derived or conflict edges
            });
        } finally {
            if (before == null) System.clearProperty(property);
            else System.setProperty(property, before);
        }
        if (System.getProperty("kvs.case") == null) {
            org.junit.jupiter.api.Assertions.assertTrue(cmOnly[0] >= 20, "cases invalid under cm only: " + cmOnly[0]);
            org.junit.jupiter.api.Assertions.assertTrue(multiRound[0] >= 20, "cases whose hb fixpoint grew in a second round: " + multiRound[0]);
        }
    }

    /** A random history of the simulated causal store described above. */
    private static List<Op> causalStore(Random random) {
        int replicas = 2 + random.nextInt(3), sessions = 2 + random.nextInt(4), keys = 1 + random.nextInt(3);
        int steps = 40 + random.nextInt(60);
        boolean lww = random.nextBoolean();
        List<Integer> writeKey = new ArrayList<>();
        List<java.util.BitSet> writeDeps = new ArrayList<>(); // each write's causal past, itself included
        List<Boolean> writeIsDelete = new ArrayList<>();
        java.util.BitSet[] applied = new java.util.BitSet[replicas];
        int[][] store = new int[replicas][keys]; // the write a replica holds for each key, -1 none
        for (int r = 0; r < replicas; r++) {
            applied[r] = new java.util.BitSet();
            java.util.Arrays.fill(store[r], -1);
        }
        int[] at = new int[sessions];
        java.util.BitSet[] past = new java.util.BitSet[sessions];
        for (int s = 0; s < sessions; s++) {
            at[s] = random.nextInt(replicas);
            past[s] = new java.util.BitSet();
        }
        List<Op> ops = new ArrayList<>();
        java.util.function.BiConsumer<Integer, Integer> apply = (r, w) -> {
            applied[r].set(w);
            int x = writeKey.get(w);
            if (!lww || store[r][x] < w) store[r][x] = w; // ids follow causality: with lww the largest wins
        };
        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(10);
            if (action < 3) { // a replica applies a write whose causal past it has
                int r = random.nextInt(replicas);
                for (int w = 0; w < writeKey.size(); w++) {
                    if (applied[r].get(w)) continue;
                    java.util.BitSet missing = (java.util.BitSet) writeDeps.get(w).clone();
                    missing.andNot(applied[r]);
                    missing.clear(w);
                    if (missing.isEmpty() && random.nextBoolean()) {
                        apply.accept(r, w);
                        break;
                    }
                }
                continue;
            }
            int s = random.nextInt(sessions);
            if (action == 3) at[s] = random.nextInt(replicas);
            int r = at[s];
            for (int w = past[s].nextSetBit(0); w >= 0; w = past[s].nextSetBit(w + 1)) if (!applied[r].get(w)) apply.accept(r, w); // catch up, in causal order
            int x = random.nextInt(keys);
            String key = "k" + x, name = "s" + s;
            int kind = random.nextInt(10);
            if (kind < 5) {
                int w = writeKey.size();
                boolean delete = kind == 4;
                writeKey.add(x);
                writeIsDelete.add(delete);
                java.util.BitSet deps = (java.util.BitSet) past[s].clone();
                deps.set(w);
                writeDeps.add(deps);
                past[s].set(w);
                apply.accept(r, w);
                ops.add(delete ? new Op(name, DEL, key, "", false, OK) : new Op(name, PUT, key, "v" + w, false, OK));
            } else {
                int w = store[r][x];
                if (w >= 0) past[s].or(writeDeps.get(w));
                if (w < 0 || writeIsDelete.get(w)) ops.add(new Op(name, GET, key, "", false, OK));
                else ops.add(new Op(name, GET, key, "v" + w, true, OK));
            }
        }
        return ops;
    }

    /** The fast checker's cc, ccv and cm verdicts against the brute force's, on these operations. */
    private static Brute agree(List<Op> ops) {
        Hist h = new Hist();
        for (Op o : ops) {
            switch (o.kind()) {
                case PUT -> {
                    if (o.outcome() == OK) h.put(o.session(), o.key(), o.value());
                    else if (o.outcome() == FAIL) h.putFail(o.session(), o.key(), o.value());
                    else h.putInfo(o.session(), o.key(), o.value());
                }
                case DEL -> {
                    if (o.outcome() == OK) h.delete(o.session(), o.key());
                    else if (o.outcome() == FAIL) h.deleteFail(o.session(), o.key());
                    else h.deleteInfo(o.session(), o.key());
                }
                default -> {
                    if (o.outcome() == FAIL) h.getFail(o.session(), o.key());
                    else if (o.outcome() == INFO) h.getInfo(o.session(), o.key());
                    else if (o.found()) h.get(o.session(), o.key(), o.value());
                    else h.getAbsent(o.session(), o.key());
                }
            }
        }
        Brute b = new Brute(effective(ops));
        CheckReport cc = (CheckReport) h.check(Model.CC);
        String context = ops + "\n" + cc.text();
        assertEquals(b.thinAir || b.cyclic || b.writeCORead || b.writeCOInitRead, cc.verdict() == Verdict.INVALID, "cc " + context);
        CheckReport ccv = (CheckReport) h.check(Model.CCV);
        CheckReport cm = (CheckReport) h.check(Model.CM);
        if (b.cyclic) {
            assertEquals(Verdict.INVALID, ccv.checks().get("ccv"), "ccv of a cyclic causal order " + context);
            assertEquals(Verdict.INVALID, cm.checks().get("cm"), "cm of a cyclic causal order " + context);
            return b;
        }
        assertEquals(b.thinAir || b.writeCORead || b.writeCOInitRead || b.cyclicCF, ccv.verdict() == Verdict.INVALID, "ccv " + context);
        assertEquals(b.thinAir || b.writeCORead || b.writeCOInitRead || b.cyclicHB || b.writeHBInitRead,
                cm.verdict() == Verdict.INVALID, "cm " + context);
        return b;
    }

    /**
     * The operations that took effect, by the format's rules: failed ones and info gets dropped,
     * info puts kept only if some read returned their value, info deletes kept as possible sources
     * only ({@code INFO_DEL}); a session that goes on after an info continues under a new name.
     */
    private static List<Op> effective(List<Op> ops) {
        java.util.Set<String> readValues = new java.util.TreeSet<>();
        for (Op o : ops) if (o.kind() == GET && o.outcome() == OK && o.found()) readValues.add(o.key() + "=" + o.value());
        java.util.Map<String, Integer> generation = new java.util.TreeMap<>();
        List<Op> out = new ArrayList<>();
        for (Op o : ops) {
            String name = o.session() + "~" + generation.getOrDefault(o.session(), 0);
            if (o.outcome() == INFO) generation.merge(o.session(), 1, Integer::sum);
            if (o.outcome() == FAIL) {
                if (o.kind() == PUT) out.add(new Op(name, FAILED_PUT, o.key(), o.value(), false, FAIL));
                continue;
            }
            if (o.outcome() == INFO) {
                if (o.kind() == GET) continue;
                if (o.kind() == PUT && !readValues.contains(o.key() + "=" + o.value())) continue;
                if (o.kind() == DEL) {
                    out.add(new Op(name, INFO_DEL, o.key(), "", false, INFO));
                    continue;
                }
            }
            out.add(new Op(name, o.kind(), o.key(), o.value(), o.found(), OK));
        }
        return out;
    }

    /** The definitions, literally. */
    private static final class Brute {
        final int n;
        final List<Op> ops;
        final int[] src;
        boolean thinAir, cyclic, writeCORead, writeCOInitRead, cyclicCF, cyclicHB, writeHBInitRead;
        /** The most rounds in which some session's fixpoint added a derived edge. */
        int maxGrowingRounds;

        Brute(List<Op> withFailed) {
            List<Op> kept = new ArrayList<>();
            for (Op o : withFailed) if (o.kind() != FAILED_PUT) kept.add(o);
            this.ops = kept;
            List<Op> ops = kept;
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
                        if (!isDelete(d) || !sameKey(d, r) || co[r][d]) continue;
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
                int growing = 0;
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
                    if (grew) growing++;
                } while (grew);
                maxGrowingRounds = Math.max(maxGrowingRounds, growing);
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
                        if (!isDelete(d) || !sameKey(d, r) || hb[r][d]) continue;
                        boolean ok = true;
                        for (int w = 0; w < n; w++) if (isWrite(w) && w != d && sameKey(w, r) && hb[d][w] && hb[w][r]) ok = false;
                        anyOk = ok;
                    }
                    if (!anyOk) writeHBInitRead = true;
                }
            }
        }

        /** A possible source of an absent read: a delete, acknowledged or info. */
        private boolean isDelete(int i) {
            return ops.get(i).kind() == DEL || ops.get(i).kind() == INFO_DEL;
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
