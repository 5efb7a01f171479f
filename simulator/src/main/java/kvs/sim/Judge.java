package kvs.sim;

import java.util.List;

import kvs.checker.history.HistoryEvent;

/** Judges a history; the simulator uses the checker ({@link CheckerJudge}), tests may use others. */
@FunctionalInterface
public interface Judge {
    Judgement judge(List<HistoryEvent> history);
}
