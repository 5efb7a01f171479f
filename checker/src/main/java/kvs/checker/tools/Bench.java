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
 * (and one with an injected anomaly), then times reading and checking each, and reports the peak
 * heap. Run it with {@code -Xmx1g} to hold the checker to the target's memory.
 */
public final class Bench {
    private Bench() {}

    public static int command(String[] args, PrintStream out) throws IOException {
        List<Long> sizes = List.of(250_000L, 500_000L, 1_000_000L);
        int sessions = 100, keys = 1000, replicas = 5;
        long seed = 42;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ops" -> sizes = Main.parseLongs(Main.valueOf(args, ++i, "--ops"), "--ops");
                case "--sessions" -> sessions = Main.parseLongs(Main.valueOf(args, ++i, "--sessions"), "--sessions").get(0).intValue();
                case "--keys" -> keys = Main.parseLongs(Main.valueOf(args, ++i, "--keys"), "--keys").get(0).intValue();
                case "--replicas" -> replicas = Main.parseLongs(Main.valueOf(args, ++i, "--replicas"), "--replicas").get(0).intValue();
                case "--seed" -> seed = Main.parseLongs(Main.valueOf(args, ++i, "--seed"), "--seed").get(0);
                case "--dir" -> dir = Path.of(Main.valueOf(args, ++i, "--dir"));
                default -> throw new Main.UsageException("unknown bench option " + args[i]);
            }
        }
        boolean cleanup = dir == null;
        if (dir == null) dir = Files.createTempDirectory("kvs-check-bench");
        Files.createDirectories(dir);
        out.printf(Locale.ROOT, "kvs-check bench: sessions=%d keys=%d replicas=%d seed=%d, max heap %d MB, %d cores%n",
                sessions, keys, replicas, seed, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        List<Path> created = new ArrayList<>();
        // Warm-up: a small history, checked twice, so the JIT has compiled the hot loops.
        Path warm = dir.resolve("warmup.jsonl");
        Generator.generate(Generator.Params.of(100_000, sessions, keys, replicas, seed), warm);
        created.add(warm);
        for (int i = 0; i < 2; i++) Checker.check(warm, CheckOptions.defaults());
        out.printf(Locale.ROOT, "%10s %8s %9s %9s %9s %9s %8s %10s %s%n", "ops", "file MB", "read ms", "check ms", "total ms",
                "ns/op", "heap MB", "verdict", "");
        int exit = 0;
        for (long ops : sizes) {
            Path file = dir.resolve("valid-" + ops + ".jsonl");
            Generator.generate(Generator.Params.of(ops, sessions, keys, replicas, seed), file);
            created.add(file);
            Row row = measure(file);
            out.printf(Locale.ROOT, "%10d %8.1f %9d %9d %9d %9.0f %8d %10s%n", ops, Files.size(file) / 1e6, row.readMillis,
                    row.checkMillis, row.readMillis + row.checkMillis, (row.readMillis + row.checkMillis) * 1e6 / ops,
                    row.heapMb, row.verdict);
            if (row.verdict != Verdict.VALID) exit = 70;
        }
        long last = sizes.get(sizes.size() - 1);
        for (Generator.Anomaly a : new Generator.Anomaly[] {Generator.Anomaly.STALE_READ, Generator.Anomaly.LOST_WRITE}) {
            Path file = dir.resolve(a.wire() + "-" + last + ".jsonl");
            Generator.generate(new Generator.Params(last, sessions, keys, replicas, seed, a), file);
            created.add(file);
            Row row = measure(file);
            out.printf(Locale.ROOT, "%10d %8.1f %9d %9d %9d %9.0f %8d %10s %s%n", last, Files.size(file) / 1e6, row.readMillis,
                    row.checkMillis, row.readMillis + row.checkMillis, (row.readMillis + row.checkMillis) * 1e6 / last,
                    row.heapMb, row.verdict, "(" + a.wire() + " injected)");
            if (row.verdict != Verdict.INVALID) exit = 70;
        }
        if (cleanup) {
            for (Path p : created) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        }
        return exit;
    }

    private record Row(long readMillis, long checkMillis, long heapMb, Verdict verdict) {}

    private static Row measure(Path file) throws IOException {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        long t0 = System.nanoTime();
        History h = Checker.load(file);
        long t1 = System.nanoTime();
        CheckReport report = Checker.check(h, CheckOptions.defaults(), file.getFileName().toString());
        Verdict v = report.verdict();
        long t2 = System.nanoTime();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return new Row((t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, peak >> 20, v);
    }
}
