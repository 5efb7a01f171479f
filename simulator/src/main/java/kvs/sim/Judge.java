package kvs.sim;

import java.util.List;

import kvs.checker.history.FaultEvent;
import kvs.checker.history.HistoryEvent;
import kvs.sim.world.SimConfig;

/** Judges a history; the simulator uses the checker ({@link CheckerJudge}), tests may use others. */
@FunctionalInterface
public interface Judge {
    Judgement judge(List<HistoryEvent> history);

    /** Judges the history of a run of {@code config}; a judge that writes reports names the run in them. */
    default Judgement judge(List<HistoryEvent> history, SimConfig config) {
        return judge(history);
    }

    /** The same, with the faults of the nemesis (a judge that draws a timeline shows them; verdicts ignore them). */
    default Judgement judge(List<HistoryEvent> history, List<FaultEvent> faults, SimConfig config) {
        return judge(history, config);
    }
}
