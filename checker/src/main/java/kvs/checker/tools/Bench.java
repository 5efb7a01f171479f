package kvs.checker.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import kvs.checker.CheckOptions;
import kvs.checker.Checker;
import kvs.checker.Main;
import kvs.checker.Verdict;
import kvs.checker.causal.History;
import kvs.checker.report.CheckReport;

/**
 * {@code kvs-check bench}: generates valid histories of growing size from the reference model
 * (and one with each of two injected anomalies), then the largest size again with a share of
 * {@code info} outcomes, each of which ends its session (so the same clients make thousands of
 * sessions, as live runs against faulty stores do), then times reading and checking each, and
 * reports the peak heap. Run it with {@code -Xmx1g} to hold the checker to the target's memory. Besides wall times it
 * prints the CPU time of the checking threads (the main one and the cm threads) and of the whole
 * JVM (garbage collector and JIT included), because on a shared machine wall time measures the
 * neighbours as much as the checker; and for cm, the costliest check, its CPU time and the wall
 * time it adds after the other checks (with many sessions most of it runs during the forward pass).
 */
public final class Bench {
    private Bench() {}

    public static int command(String[] args, PrintStream out) throws IOException {
        List<Long> sizes = List.of(250_000L, 500_000L, 1_000_000L);
        int sessions = 100, keys = 1000, replicas = 5;
        long seed = 42;
        List<Double> infoShares = List.of(0.001, 0.01);
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ops" -> sizes = Main.parseLongs(Main.valueOf(args, ++i, "--ops"), "--ops");
                case "--sessions" -> sessions = Main.parseLongs(Main.valueOf(args, ++i, "--sessions"), "--sessions").get(0).intValue();
                case "--keys" -> keys = Main.parseLongs(Main.valueOf(args, ++i, "--keys"), "--keys").get(0).intValue();
                case "--replicas" -> replicas = Main.parseLongs(Main.valueOf(args, ++i, "--replicas"), "--replicas").get(0).intValue();
                case "--seed" -> seed = Main.parseLongs(Main.valueOf(args, ++i, "--seed"), "--seed").get(0);
                case "--dir" -> dir = Path.of(Main.valueOf(args, ++i, "--dir"));
                case "--info-shares" -> infoShares = parseShares(Main.valueOf(args, ++i, "--info-shares"));
                default -> throw Main.unknownOption(args[i], java.util.List.of("--ops", "--sessions", "--keys", "--replicas", "--seed", "--dir", "--info-shares", "--help"));
            }
        }
        for (long ops : sizes) if (ops < 1) throw new Main.UsageException("--ops: each size must be positive, not " + ops);
        if (sessions < 1 || keys < 1 || replicas < 1) throw new Main.UsageException("--sessions, --keys and --replicas must be positive");
        boolean cleanup = dir == null;
        if (dir == null) dir = Files.createTempDirectory("kvs-check-bench");
        Files.createDirectories(dir);
        out.printf(Locale.ROOT, "kvs-check bench: sessions=%d keys=%d replicas=%d seed=%d, max heap %d MB, %d cores%n",
                sessions, keys, replicas, seed, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        List<Path> created = new ArrayList<>();
        // Warm-up: a small history, checked twice, so the JIT has compiled the hot loops.
        Path warm = dir.resolve("warmup.jsonl");
        Generator.generate(Generator.Params.of(100_000, sessions, keys, replicas, seed).withInfoShare(0), warm);
        created.add(warm);
        for (int i = 0; i < 2; i++) Checker.check(warm, CheckOptions.defaults());
        out.printf(Locale.ROOT, "%10s %8s %8s %9s %9s %9s %9s %9s %9s %8s %7s %7s %8s %10s %s%n", "ops", "sessions", "file MB", "read ms", "check ms",
                "total ms", "cpu ms", "cpu ns/op", "jvm cpu", "heap MB", "cm cpu", "cm wall", "cm", "verdict", "");
        int exit = 0;
        for (long ops : sizes) {
            Path file = dir.resolve("valid-" + ops + ".jsonl");
            Generator.generate(Generator.Params.of(ops, sessions, keys, replicas, seed).withInfoShare(0), file);
            created.add(file);
            Row row = measure(file);
            print(out, ops, file, row, "");
            if (row.verdict != Verdict.VALID) exit = 70;
        }
        long last = sizes.get(sizes.size() - 1);
        for (Generator.Anomaly a : new Generator.Anomaly[] {Generator.Anomaly.STALE_READ, Generator.Anomaly.LOST_WRITE}) {
            Path file = dir.resolve(a.wire() + "-" + last + ".jsonl");
            Generator.generate(Generator.Params.of(last, sessions, keys, replicas, seed).withAnomaly(a).withInfoShare(0), file);
            created.add(file);
            Row row = measure(file);
            print(out, last, file, row, "(" + a.wire() + " injected)");
            if (row.verdict != Verdict.INVALID) exit = 70;
        }
        for (double share : infoShares) {
            if (share == 0) continue;
            Path file = dir.resolve("info-" + share + "-" + last + ".jsonl");
            Generator.generate(Generator.Params.of(last, sessions, keys, replicas, seed).withInfoShare(share), file);
            created.add(file);
            Row row = measure(file);
            print(out, last, file, row, "(info share " + share + ")");
            if (row.verdict != Verdict.VALID) exit = 70;
        }
        if (cleanup) {
            for (Path p : created) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        }
        return exit;
    }

    private static void print(PrintStream out, long ops, Path file, Row row, String note) throws IOException {
        out.printf(Locale.ROOT, "%10d %8d %8.1f %9d %9d %9d %9d %9.0f %9d %8d %7d %7d %8s %10s %s%n", ops, row.sessions, Files.size(file) / 1e6, row.readMillis,
                row.checkMillis, row.readMillis + row.checkMillis, row.cpuMillis, row.cpuMillis * 1e6 / ops, row.jvmCpuMillis, row.heapMb,
                row.cmMillis, row.cmWallMillis, row.cm, row.verdict, note);
        out.flush();
    }

    /**
     * Wall times, the CPU time of the checking threads (the machine may be shared), peak heap, and
     * the CPU time of the causal-memory check on all its threads, the wall time it adds after the
     * other checks, and its verdict (cm is not part of the default ccv verdict).
     */
    private record Row(int sessions, long readMillis, long checkMillis, long cpuMillis, long jvmCpuMillis, long heapMb, long cmMillis,
                       long cmWallMillis, Verdict cm, Verdict verdict) {}

    private static List<Double> parseShares(String text) {
        List<Double> out = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                double share = Double.parseDouble(part.trim());
                if (share < 0 || share > 0.5) throw new Main.UsageException("--info-shares: each share is in [0, 0.5], not " + part);
                out.add(share);
            } catch (NumberFormatException e) {
                throw new Main.UsageException("--info-shares expects numbers, not \"" + part + "\"");
            }
        }
        return out;
    }

    /** CPU time of the whole JVM (all threads: garbage collection and the JIT too), or -1. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static Row measure(Path file) throws IOException {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        long c0 = THREADS.getCurrentThreadCpuTime();
        long p0 = processCpuNanos();
        long t0 = System.nanoTime();
        History h = Checker.load(file);
        long t1 = System.nanoTime();
        CheckReport report = Checker.check(h, CheckOptions.defaults(), file.getFileName().toString());
        Verdict v = report.verdict();
        long t2 = System.nanoTime();
        long c1 = THREADS.getCurrentThreadCpuTime();
        long p1 = processCpuNanos();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        long cmMillis = report.outcome().phaseMillis().getOrDefault("causal memory", -1L);
        long cmWallMillis = report.outcome().phaseWallMillis().getOrDefault("causal memory", -1L);
        long cpuMillis = (c1 - c0) / 1_000_000 + report.outcome().helperCpuMillis();
        return new Row(h.sessionCount(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, cpuMillis, p0 < 0 ? -1 : (p1 - p0) / 1_000_000,
                peak >> 20, cmMillis, cmWallMillis, report.checks().get("cm"), v);
    }
}
