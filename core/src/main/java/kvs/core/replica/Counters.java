package kvs.core.replica;

/**
 * How often the rare paths ran, for the simulator's coverage report and for operators.
 */
public record Counters(
        long writesAccepted,
        long peerWritesApplied,
        long writesBuffered,
        long notSatisfiedAnswers,
        long stateTransfers,
        long conflictsResolved,
        long peersDropped,
        long readmissions,
        long announcementsAccepted,
        long outboxOverflows,
        long bufferFullRejections,
        long refusals,
        long addressesForgotten) {}
