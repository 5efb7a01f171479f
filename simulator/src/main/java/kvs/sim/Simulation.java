package kvs.sim;

import java.util.Optional;

import kvs.sim.world.SimConfig;
import kvs.sim.world.World;
import kvs.sim.world.WorldResult;

/** Runs one simulation and judges its history. Single-threaded; one instance per run. */
public final class Simulation {
    private Simulation() {}

    public static RunResult run(SimConfig config, boolean traceOn, Judge judge) {
        long start = System.nanoTime();
        WorldResult world = new World(config, traceOn).run();
        long real = System.nanoTime() - start;
        Optional<Judgement> judgement = world.end() == WorldResult.End.REPLICA_FAILURE
                ? Optional.empty()
                : Optional.of(judge.judge(world.history()));
        return new RunResult(config, world, judgement, real);
    }
}
