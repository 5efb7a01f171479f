package kvs.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kvs.checker.history.FaultEvent;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryReader;
import kvs.sim.world.Fault;
import kvs.sim.world.SimConfig;

/**
 * The simulator's history files carry the nemesis's faults as fault lines (history format 2), as
 * the live tester's do: every fault that started ends (by the heal at the latest), in time order,
 * read back by the checker's reader, one per nemesis action the trace shows.
 */
class FaultLinesTest {
    @TempDir
    Path dir;

    @Test
    void everyNemesisActionIsAFaultThatStartsAndEndsInTheHistoryFile() throws Exception {
        int runsWithFaults = 0;
        for (long seed = 1; seed <= 12; seed++) {
            SimConfig config = SimConfig.defaults(seed).withFaults(Set.of(Fault.PARTITION, Fault.CRASH, Fault.JOIN,
                    Fault.REMOVE, Fault.SLOW, Fault.LOSS_BURST));
            RunResult run = Simulation.run(config, true, new CheckerJudge());
            Path out = dir.resolve("seed-" + seed);
            OutputFiles.write(out, run);
            List<FaultEvent> faults;
            List<HistoryEvent> events = new ArrayList<>();
            try (Reader in = Files.newBufferedReader(out.resolve(OutputFiles.HISTORY), StandardCharsets.UTF_8)) {
                HistoryReader.Events read = HistoryReader.read(in);
                read.forEachRemaining(events::add);
                faults = read.faults();
            }
            assertEquals(run.world().history().size(), events.size(), "seed " + seed);
            assertEquals(run.world().faults(), faults, "seed " + seed + ": the file holds the world's faults");
            long actions = run.world().trace().stream()
                    .filter(l -> l.matches("\\S+ nemesis (PARTITION|SLOW|LOSS BURST|JOIN) .*")).count()
                    + run.world().trace().stream().filter(l -> l.matches("\\S+ \\S+ CRASH \\((nemesis|decommissioned)\\)")).count();
            Map<Long, FaultEvent> open = new TreeMap<>();
            long last = Long.MIN_VALUE;
            int starts = 0;
            for (FaultEvent f : faults) {
                assertTrue(f.timeNanos() >= last, "seed " + seed + ": in time order: " + f);
                last = f.timeNanos();
                if (f.phase() == FaultEvent.Phase.START) {
                    starts++;
                    assertEquals(null, open.put(f.id(), f), "seed " + seed + ": one start per id");
                } else {
                    FaultEvent start = open.remove(f.id());
                    assertTrue(start != null, "seed " + seed + ": an end after its start: " + f);
                    assertEquals(start.fault(), f.fault());
                }
            }
            assertEquals(Map.of(), open, "seed " + seed + ": every fault ended");
            assertEquals(actions, starts, "seed " + seed + ": one fault per nemesis action of the trace");
            if (starts > 0) runsWithFaults++;
        }
        assertTrue(runsWithFaults >= 10, "the nemesis acted in most runs: " + runsWithFaults);
    }
}
