package kvs.checker.tools;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import kvs.checker.Main;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryWriter;

/**
 * Synthetic histories from a reference model of a causally consistent store, with at most one
 * injected anomaly.
 *
 * <p><b>The reference model.</b> R replicas, each with a store (key → last write under
 * last-writer-wins on (Lamport time, origin replica)) and a vector of how many writes of each
 * origin it has applied. A write made at a replica depends on everything that replica has
 * applied; replicas apply each other's writes in origin order and only once their dependencies
 * are applied (causal delivery), a few random deliveries per step. A session stays on a replica
 * and, when it moves, the new replica first catches up with everything the session has seen.
 * Reads return the replica's current value. So every read sees a causally closed state and
 * conflicts are resolved by an arbitration order that extends causal order: the histories are
 * valid under cc, cm and ccv, and the final reads (after every replica applied every write)
 * converge. A small share of operations fail (not applied) or end in {@code info} (applied or
 * not, at random; the session then continues under a new id).
 *
 * <p>Deterministic: one seed decides the whole history.
 */
public final class Generator {
    /** The parameters of one history. */
    public record Params(long ops, int sessions, int keys, int replicas, long seed, Anomaly anomaly, double infoShare) {
        /** The default share of operations that end in info (each one ends its session). */
        public static final double INFO_SHARE_DEFAULT = 0.001;

        public Params {
            if (ops < 0 || sessions < 1 || keys < 1 || replicas < 1) throw new IllegalArgumentException("bad generator parameters");
            if (anomaly == null) throw new IllegalArgumentException("anomaly must not be null");
            if (infoShare < 0 || infoShare > 0.5) throw new IllegalArgumentException("info share must be in [0, 0.5]");
        }

        public static Params of(long ops, int sessions, int keys, int replicas, long seed) {
            return new Params(ops, sessions, keys, replicas, seed, Anomaly.NONE, INFO_SHARE_DEFAULT);
        }

        public Params withAnomaly(Anomaly a) {
            return new Params(ops, sessions, keys, replicas, seed, a, infoShare);
        }

        public Params withInfoShare(double share) {
            return new Params(ops, sessions, keys, replicas, seed, anomaly, share);
        }
    }

    /** The single mutation injected into an otherwise valid history. */
    public enum Anomaly {
        /** A session reads a value that its own later put of the key overwrote (read-your-writes, WriteCORead). */
        STALE_READ,
        /** A session reads a key again and gets an older value than its previous read (monotonic reads, WriteCORead). */
        BACKWARDS_READ,
        /** A read returns a value that nobody wrote (ThinAirRead). */
        THIN_AIR,
        /** One replica's final read of a key returns a value that an acknowledged write overwrote (convergence). */
        LOST_WRITE,
        NONE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Anomaly parse(String text) {
            for (Anomaly a : values()) if (a.wire().equals(text)) return a;
            throw new Main.UsageException("unknown anomaly \"" + text + "\": none, stale-read, backwards-read, thin-air or lost-write");
        }
    }

    private static final double READ_SHARE = 0.5, DELETE_SHARE = 0.04, MOVE_SHARE = 0.01, FAIL_SHARE = 0.004;
    private static final int DELIVERIES_PER_STEP = 3;

    private final Params p;
    private final Consumer<HistoryEvent> sink;
    private final SplittableRandom random;
    private final int r;
    // Writes: key, value id (0 for a delete), origin, Lamport time, dependencies (R ints each).
    private int[] writeKey = new int[1024], writeValue = new int[1024], writeOrigin = new int[1024];
    private int[] writePrevSameSession = new int[1024];
    private long[] writeLamport = new long[1024];
    private int[] writeDeps;
    private int writes;
    private final int[][] originLog;
    private final int[] originLogSize;
    private final int[][] applied;
    private final int[][] store;
    private final long[] lamport;
    // Sessions.
    private final int[] sessionReplica;
    private final int[] sessionGeneration;
    private final int[][] sessionSeen;
    private final int[][] lastPutOnKey;
    private final int[][] lastReadOnKey;
    private int valueCounter;
    private long time;
    private boolean injected;
    private final long injectAfter;

    private Generator(Params p, Consumer<HistoryEvent> sink) {
        this.p = p;
        this.sink = sink;
        this.random = new SplittableRandom(p.seed());
        this.r = p.replicas();
        writeDeps = new int[1024 * r];
        originLog = new int[r][1024];
        originLogSize = new int[r];
        applied = new int[r][r];
        store = new int[r][p.keys()];
        for (int[] s : store) Arrays.fill(s, -1);
        lamport = new long[r];
        int k = p.sessions();
        sessionReplica = new int[k];
        sessionGeneration = new int[k];
        sessionSeen = new int[k][r];
        lastPutOnKey = new int[k][];
        lastReadOnKey = new int[k][];
        for (int s = 0; s < k; s++) {
            sessionReplica[s] = s % r;
            lastPutOnKey[s] = new int[Math.min(p.keys(), 1 << 16)];
            Arrays.fill(lastPutOnKey[s], -1);
            lastReadOnKey[s] = new int[Math.min(p.keys(), 1 << 16)];
            Arrays.fill(lastReadOnKey[s], -1);
        }
        injectAfter = p.ops() / 2;
    }

    /**
     * Generates the history, handing each event to {@code sink} in file order. Returns whether
     * the requested anomaly was injected (a small history may offer no chance to).
     */
    public static boolean generate(Params p, Consumer<HistoryEvent> sink) {
        Generator g = new Generator(p, sink);
        g.run();
        return p.anomaly() == Anomaly.NONE || g.injected;
    }

    /** Generates into a history file (header included); returns whether the anomaly was injected. */
    public static boolean generate(Params p, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            HistoryWriter w = new HistoryWriter(out);
            return generate(p, w::write);
        }
    }

    /** {@code kvs-check generate ...}. */
    public static int command(String[] args, PrintStream out) throws IOException {
        long ops = 10_000, seed = 1;
        int sessions = 10, keys = 100, replicas = 3;
        Anomaly anomaly = Anomaly.NONE;
        double infoShare = Params.INFO_SHARE_DEFAULT;
        Path target = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ops" -> ops = Main.parseLongs(Main.valueOf(args, ++i, "--ops"), "--ops").get(0);
                case "--sessions" -> sessions = Main.parseLongs(Main.valueOf(args, ++i, "--sessions"), "--sessions").get(0).intValue();
                case "--keys" -> keys = Main.parseLongs(Main.valueOf(args, ++i, "--keys"), "--keys").get(0).intValue();
                case "--replicas" -> replicas = Main.parseLongs(Main.valueOf(args, ++i, "--replicas"), "--replicas").get(0).intValue();
                case "--seed" -> seed = Main.parseLongs(Main.valueOf(args, ++i, "--seed"), "--seed").get(0);
                case "--info-share" -> infoShare = parseShare(Main.valueOf(args, ++i, "--info-share"));
                case "--anomaly" -> anomaly = Anomaly.parse(Main.valueOf(args, ++i, "--anomaly"));
                case "-o", "--output" -> target = Path.of(Main.valueOf(args, ++i, args[i - 1]));
                default -> throw Main.unknownOption(args[i], java.util.List.of("--ops", "--sessions", "--keys", "--replicas", "--seed", "--info-share", "--anomaly", "-o", "--output", "--help"));
            }
        }
        if (ops < 0 || sessions < 1 || keys < 1 || replicas < 1) throw new Main.UsageException("counts must be positive");
        Params params = new Params(ops, sessions, keys, replicas, seed, anomaly, infoShare);
        if (target == null) {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            HistoryWriter hw = new HistoryWriter(w);
            generate(params, hw::write);
            w.flush();
        } else {
            generate(params, target);
        }
        return 0;
    }

    private static double parseShare(String text) {
        try {
            double v = Double.parseDouble(text);
            if (v < 0 || v > 0.5) throw new Main.UsageException("--info-share must be between 0 and 0.5");
            return v;
        } catch (NumberFormatException e) {
            throw new Main.UsageException("--info-share expects a number, not \"" + text + "\"");
        }
    }


    // ---- the model ----------------------------------------------------------------------------

    private void run() {
        for (long step = 0; step < p.ops(); step++) {
            for (int d = 0; d < DELIVERIES_PER_STEP; d++) deliverOne();
            int s = random.nextInt(p.sessions());
            if (random.nextDouble() < MOVE_SHARE && r > 1) move(s, random.nextInt(r));
            operate(s, step);
        }
        deliverAll();
        finalReads();
    }

    private void operate(int s, long step) {
        int key = random.nextInt(p.keys());
        double kind = random.nextDouble();
        double outcome = random.nextDouble();
        boolean fail = outcome < FAIL_SHARE;
        boolean info = !fail && outcome < FAIL_SHARE + p.infoShare();
        int rep = sessionReplica[s];
        String session = sessionName(s);
        String replica = replicaName(rep);
        time += 1000;
        if (kind < READ_SHARE) {
            emit(HistoryEvent.invoke(session, HistoryEvent.Op.GET, keyName(key), Optional.empty(), Optional.of(replica),
                    Optional.empty(), time, false));
            HistoryEvent inv = lastInvoke;
            if (fail) {
                emit(inv.complete(HistoryEvent.Type.FAIL, Optional.empty(), false, Optional.of(replica), Optional.empty(),
                        time + 500, 503, Optional.of("unavailable")));
                return;
            }
            if (info) {
                emit(inv.complete(HistoryEvent.Type.INFO, Optional.empty(), false, Optional.of(replica), Optional.empty(),
                        time + 500, 0, Optional.of("timeout")));
                endSession(s);
                return;
            }
            int w = store[rep][key];
            observe(s, rep);
            Optional<String> value = w >= 0 && writeValue[w] > 0 ? Optional.of(Integer.toString(writeValue[w])) : Optional.empty();
            value = mutateRead(s, key, w, value, step);
            if (key < lastReadOnKey[s].length) lastReadOnKey[s][key] = w;
            emit(inv.complete(HistoryEvent.Type.OK, value, value.isPresent(), Optional.of(replica), Optional.empty(),
                    time + 500, value.isPresent() ? 200 : 404, Optional.empty()));
            return;
        }
        boolean delete = kind < READ_SHARE + DELETE_SHARE;
        Optional<String> value = delete ? Optional.empty() : Optional.of(Integer.toString(++valueCounter));
        emit(HistoryEvent.invoke(session, delete ? HistoryEvent.Op.DELETE : HistoryEvent.Op.PUT, keyName(key), value,
                Optional.of(replica), Optional.empty(), time, false));
        HistoryEvent inv = lastInvoke;
        if (fail) {
            emit(inv.complete(HistoryEvent.Type.FAIL, value, false, Optional.of(replica), Optional.empty(), time + 500, 503,
                    Optional.of("unavailable")));
            return;
        }
        if (delete && store[rep][key] < 0 || delete && writeValue[store[rep][key]] == 0) {
            // Deleting an absent key is a 404: the delete did not happen.
            emit(inv.complete(HistoryEvent.Type.FAIL, value, false, Optional.of(replica), Optional.empty(), time + 500, 404,
                    Optional.of("not found")));
            observe(s, rep);
            return;
        }
        if (!info || random.nextBoolean()) {
            int w = write(rep, key, delete ? 0 : valueCounter);
            writePrevSameSession[w] = key < lastPutOnKey[s].length ? lastPutOnKey[s][key] : -1;
            if (!delete && key < lastPutOnKey[s].length) lastPutOnKey[s][key] = w;
            observe(s, rep);
        }
        if (info) {
            emit(inv.complete(HistoryEvent.Type.INFO, value, false, Optional.of(replica), Optional.empty(), time + 500, 0,
                    Optional.of("timeout")));
            endSession(s);
        } else {
            emit(inv.complete(HistoryEvent.Type.OK, value, false, Optional.of(replica), Optional.empty(), time + 500,
                    delete ? 200 : 201, Optional.empty()));
        }
    }

    private Optional<String> mutateRead(int s, int key, int w, Optional<String> value, long step) {
        if (injected || step < injectAfter || key >= lastPutOnKey[s].length) return value;
        switch (p.anomaly()) {
            case STALE_READ -> {
                int own = lastPutOnKey[s][key];
                int older = own >= 0 ? writePrevSameSession[own] : -1;
                if (older >= 0 && writeValue[older] > 0) {
                    injected = true;
                    return Optional.of(Integer.toString(writeValue[older]));
                }
            }
            case BACKWARDS_READ -> {
                int previous = lastReadOnKey[s][key];
                int older = previous >= 0 && writeValue[previous] > 0 ? writePrevSameSession[previous] : -1;
                if (older >= 0 && writeValue[older] > 0 && w == previous) {
                    injected = true;
                    return Optional.of(Integer.toString(writeValue[older]));
                }
            }
            case THIN_AIR -> {
                injected = true;
                return Optional.of("-" + (1 + random.nextInt(1000)));
            }
            default -> { }
        }
        return value;
    }

    private HistoryEvent lastInvoke;

    private void emit(HistoryEvent e) {
        if (e.isInvoke()) lastInvoke = e;
        sink.accept(e);
    }

    private void endSession(int s) {
        sessionGeneration[s]++;
        Arrays.fill(lastPutOnKey[s], -1);
        Arrays.fill(lastReadOnKey[s], -1);
    }

    private void observe(int s, int rep) {
        System.arraycopy(applied[rep], 0, sessionSeen[s], 0, r);
    }

    private void move(int s, int target) {
        int[] need = sessionSeen[s];
        boolean progress = true;
        while (progress && !dominates(applied[target], need)) {
            progress = false;
            for (int o = 0; o < r; o++) {
                while (applied[target][o] < need[o] && deliverable(target, o)) {
                    apply(target, o);
                    progress = true;
                }
            }
        }
        if (!dominates(applied[target], need)) throw new IllegalStateException("causal catch-up failed");
        sessionReplica[s] = target;
    }

    private static boolean dominates(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) if (a[i] < b[i]) return false;
        return true;
    }

    private int write(int rep, int key, int value) {
        ensureWriteCapacity();
        int w = writes++;
        writeKey[w] = key;
        writeValue[w] = value;
        writeOrigin[w] = rep;
        writeLamport[w] = ++lamport[rep];
        System.arraycopy(applied[rep], 0, writeDeps, w * r, r);
        if (originLogSize[rep] == originLog[rep].length) originLog[rep] = Arrays.copyOf(originLog[rep], originLog[rep].length * 2);
        originLog[rep][originLogSize[rep]++] = w;
        applied[rep][rep]++;
        store[rep][key] = w;
        return w;
    }

    private void ensureWriteCapacity() {
        if (writes < writeKey.length) return;
        int n = writeKey.length * 2;
        writeKey = Arrays.copyOf(writeKey, n);
        writeValue = Arrays.copyOf(writeValue, n);
        writeOrigin = Arrays.copyOf(writeOrigin, n);
        writeLamport = Arrays.copyOf(writeLamport, n);
        writePrevSameSession = Arrays.copyOf(writePrevSameSession, n);
        writeDeps = Arrays.copyOf(writeDeps, n * r);
    }

    private boolean deliverable(int rep, int origin) {
        int next = applied[rep][origin];
        if (next >= originLogSize[origin]) return false;
        int w = originLog[origin][next];
        for (int o = 0; o < r; o++) if (writeDeps[w * r + o] > applied[rep][o]) return false;
        return true;
    }

    private void apply(int rep, int origin) {
        int w = originLog[origin][applied[rep][origin]];
        applied[rep][origin]++;
        int key = writeKey[w];
        int current = store[rep][key];
        if (current < 0 || wins(w, current)) store[rep][key] = w;
        lamport[rep] = Math.max(lamport[rep], writeLamport[w]);
    }

    private boolean wins(int a, int b) {
        if (writeLamport[a] != writeLamport[b]) return writeLamport[a] > writeLamport[b];
        return writeOrigin[a] > writeOrigin[b];
    }

    private void deliverOne() {
        if (r < 2) return;
        int rep = random.nextInt(r);
        int origin = random.nextInt(r);
        if (origin != rep && deliverable(rep, origin)) apply(rep, origin);
    }

    private void deliverAll() {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int rep = 0; rep < r; rep++) {
                for (int o = 0; o < r; o++) {
                    while (deliverable(rep, o)) {
                        apply(rep, o);
                        progress = true;
                    }
                }
            }
        }
    }

    private void finalReads() {
        boolean[] used = new boolean[p.keys()];
        for (int w = 0; w < writes; w++) used[writeKey[w]] = true;
        boolean lost = p.anomaly() == Anomaly.LOST_WRITE;
        for (int rep = 0; rep < r; rep++) {
            String session = "final-" + rep;
            String replica = replicaName(rep);
            for (int key = 0; key < p.keys(); key++) {
                if (!used[key]) continue;
                time += 1000;
                int w = store[rep][key];
                Optional<String> value = w >= 0 && writeValue[w] > 0 ? Optional.of(Integer.toString(writeValue[w])) : Optional.empty();
                if (lost && rep == r - 1 && w >= 0 && writeValue[w] > 0) {
                    int older = writePrevSameSession[w];
                    if (older >= 0 && writeValue[older] > 0) {
                        value = Optional.of(Integer.toString(writeValue[older]));
                        lost = false;
                        injected = true;
                    }
                }
                HistoryEvent inv = HistoryEvent.invoke(session, HistoryEvent.Op.GET, keyName(key), Optional.empty(),
                        Optional.of(replica), Optional.empty(), time, true);
                sink.accept(inv);
                sink.accept(inv.complete(HistoryEvent.Type.OK, value, value.isPresent(), Optional.of(replica), Optional.empty(),
                        time + 500, value.isPresent() ? 200 : 404, Optional.empty()));
            }
        }
    }

    private String sessionName(int s) {
        return sessionGeneration[s] == 0 ? "c" + s : "c" + s + "." + sessionGeneration[s];
    }

    private static String keyName(int key) {
        return "k" + key;
    }

    private static String replicaName(int rep) {
        return "10.10.0." + (rep + 2) + ":8090";
    }
}
