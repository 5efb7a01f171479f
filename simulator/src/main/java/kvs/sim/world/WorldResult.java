package kvs.sim.world;

import java.util.List;
import java.util.SortedMap;

import kvs.checker.history.FaultEvent;
import kvs.checker.history.HistoryEvent;

/**
 * What one simulation produced, before the checker judges the history.
 *
 * @param end how the world stopped
 * @param detail for a replica failure or a liveness failure, what went wrong and where; else empty
 * @param history every client event, final reads included, in the order they happened
 * @param trace the compact trace (empty when tracing was off)
 * @param coverage how often the rare paths ran: the replicas' counters summed over every life of
 *     every replica, then the world's own counts (crashes, partitions, 503s, ...), sorted by name
 * @param simulatedMicros simulated time at the end
 * @param messages messages delivered (peer requests and replies, client requests and replies)
 * @param convergedAfterMillis simulated time from healing to quiescence, -1 if it never came
 * @param writesLostInCrashes indices (invocation order, from 0) of acknowledged writes that died
 *     with the memory of the replicas that held them (crashed or removed before replicating them)
 * @param faults the nemesis's faults (partitions, crashes, joins, removals, slowness, loss bursts),
 *     each a start and an end, in the order they happened; they go in the history file as fault lines
 */
public record WorldResult(
        End end,
        String detail,
        List<HistoryEvent> history,
        List<String> trace,
        SortedMap<String, Long> coverage,
        long simulatedMicros,
        long messages,
        long convergedAfterMillis,
        List<Integer> writesLostInCrashes,
        List<FaultEvent> faults) {

    public enum End {
        /** The workload ran, the cluster healed and quiesced, and every replica answered the final reads. */
        COMPLETED,
        /** A replica threw: a broken invariant (or a rejected input) inside {@code core}. */
        REPLICA_FAILURE,
        /** After healing, the cluster did not quiesce (views, buffers, clocks) within the bound. */
        LIVENESS
    }
}
