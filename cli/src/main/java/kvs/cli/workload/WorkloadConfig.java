package kvs.cli.workload;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import kvs.cli.http.ReplicaAddress;
import kvs.core.Check;

/**
 * A live workload's parameters.
 *
 * @param runId names this run in session ids, keys and written values: each run has keys of its own
 *     (so it never reads what an earlier run left in the cluster, which its history could not
 *     explain) and values unique across runs recorded into one file
 * @param operationsTotal how many operations all sessions make together; empty when {@code duration} bounds the run
 * @param duration how long the sessions run; empty when {@code operationsTotal} bounds the run
 * @param keyCount how many distinct keys ({@code w<run>-k0} ..); few keys make conflicts and dependencies
 * @param seed the seed of each session's choices (op, key, replica); timing still varies from run to run
 * @param settle pause after the last operation before the final reads
 * @param finalReads whether to read every key at every replica after the pause (the checker's convergence check)
 * @param think pause between two operations of one session
 */
public record WorkloadConfig(String runId, List<ReplicaAddress> replicas, int sessions, Optional<Long> operationsTotal,
                             Optional<Duration> duration, int keyCount, Mix mix, long seed, Duration settle,
                             boolean finalReads, Duration think) {
    public static final int SESSIONS_MAX = 256;
    public static final int KEYS_MAX = 100_000;

    public WorkloadConfig {
        Check.argument(runId.matches("[A-Za-z0-9]{1,16}"), "run id must be 1 to 16 letters or digits");
        Check.argument(!replicas.isEmpty(), "a workload needs replicas");
        Check.argument(sessions >= 1 && sessions <= SESSIONS_MAX, "sessions must be 1..%d", SESSIONS_MAX);
        Check.argument(operationsTotal.isPresent() != duration.isPresent(), "give either a number of operations or a duration");
        Check.argument(operationsTotal.map(n -> n >= 1).orElse(true), "operations must be positive");
        Check.argument(duration.map(d -> !d.isNegative() && !d.isZero()).orElse(true), "duration must be positive");
        Check.argument(keyCount >= 1 && keyCount <= KEYS_MAX, "keys must be 1..%d", KEYS_MAX);
        replicas = List.copyOf(replicas);
    }

    public String sessionName(int index) {
        return "w" + runId + "-s" + index;
    }

    public String finalSessionName(int replicaIndex) {
        return "w" + runId + "-final" + replicaIndex;
    }

    public String key(int index) {
        return "w" + runId + "-k" + index;
    }

    public String value(int session, long n) {
        return "w" + runId + "-" + session + "-" + n;
    }
}
