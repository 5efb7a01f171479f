package kvs.cli.workload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import kvs.checker.history.HistoryEvent.Op;
import kvs.cli.Json;
import kvs.cli.http.ReplicaAddress;
import kvs.cli.op.ClientSession;
import kvs.cli.op.OpResult;
import kvs.cli.op.OperationRunner;

/**
 * A live workload: concurrent client sessions, each one thread and one causal session, making
 * random operations on a few keys against a live cluster until the operation budget or the
 * duration is spent. Each session moves between replicas (a random replica first for every
 * operation, then the replica that answered it last, then the others), which is what exercises
 * causal consistency: a session's metadata
 * reaches replicas that have not yet seen the writes it depends on.
 *
 * <p>Every written value is unique in the history ({@code "w<run>-<session>-<n>"}), so every read
 * names the one write it read from; keys are the run's own ({@code w<run>-k<i>}), so no read
 * returns a value written before the run, which the history could not explain. After the sessions, the workload waits for the cluster to
 * settle and reads every key at every replica with no metadata ({@code final} reads), the input
 * of the checker's convergence check.
 */
public final class Workload {
    private final WorkloadConfig config;
    private final OperationRunner runner;
    private final WorkloadStats stats = new WorkloadStats();
    private final AtomicLong tickets = new AtomicLong();
    private final Membership membership;
    private volatile long startNanos;
    private volatile long endNanos;

    public Workload(WorkloadConfig config, OperationRunner runner) {
        this(config, runner, Membership.fixed(config.replicas()));
    }

    /** A workload whose replicas may change while it runs (members join, members are killed). */
    public Workload(WorkloadConfig config, OperationRunner runner, Membership membership) {
        this.config = config;
        this.runner = runner;
        this.membership = membership;
    }

    /**
     * The replicas as they change during a run (a tester's nemesis kills and adds them). A session
     * that got an answer from a replica that was killed since is ended and a fresh one started
     * (name {@code <session>.<n>}, no metadata): its metadata may name a write that only the killed
     * replica held, which no replica can ever satisfy again.
     */
    public interface Membership {
        /** The replicas a session may use now, in a fixed order. */
        List<ReplicaAddress> replicas();

        /** How many kills happened so far. */
        int kills();

        /** The replica of the {@code i}-th kill (0-based). */
        ReplicaAddress killed(int i);

        static Membership fixed(List<ReplicaAddress> replicas) {
            List<ReplicaAddress> copy = List.copyOf(replicas);
            return new Membership() {
                @Override
                public List<ReplicaAddress> replicas() {
                    return copy;
                }

                @Override
                public int kills() {
                    return 0;
                }

                @Override
                public ReplicaAddress killed(int i) {
                    throw new IndexOutOfBoundsException("no kills in a fixed membership");
                }
            };
        }
    }

    public WorkloadStats stats() {
        return stats;
    }

    public WorkloadConfig config() {
        return config;
    }

    /** Nanoseconds the sessions ran (all of them, final reads excluded); valid after {@link #run}. */
    public long elapsedNanos() {
        return endNanos - startNanos;
    }

    /** Fraction of the run done, 0 to 1, for a progress bar. */
    public double progress() {
        if (startNanos == 0) return 0;
        if (config.operationsTotal().isPresent()) {
            return Math.min(1.0, (double) stats.completed() / config.operationsTotal().get());
        }
        long durationNanos = config.duration().orElseThrow().toNanos();
        return Math.min(1.0, (double) (System.nanoTime() - startNanos) / durationNanos);
    }

    /** Runs the sessions, waits for all of them, then (if configured) settles and makes the final reads. */
    public void run() throws InterruptedException {
        runSessions();
        settleAndReadFinalValues();
    }

    /** Runs the sessions and waits for all of them. */
    public void runSessions() throws InterruptedException {
        tickets.set(config.operationsTotal().orElse(Long.MAX_VALUE));
        startNanos = System.nanoTime();
        long deadlineNanos = config.duration().map(d -> startNanos + d.toNanos()).orElse(Long.MAX_VALUE);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.sessions(); i++) {
            int index = i;
            Thread thread = new Thread(() -> runSession(index, deadlineNanos), config.sessionName(i));
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        try {
            for (Thread thread : threads) thread.join();
        } catch (InterruptedException e) {
            tickets.set(0);
            for (Thread thread : threads) thread.join();
            throw e;
        }
        endNanos = System.nanoTime();
    }

    /** After the sessions: the pause, then every key read at every replica, flagged final in the history. */
    public void settleAndReadFinalValues() throws InterruptedException {
        if (!config.finalReads()) return;
        Thread.sleep(config.settle().toMillis());
        finalReads();
    }

    private void runSession(int index, long deadlineNanos) {
        ClientSession session = ClientSession.fresh(config.sessionName(index));
        Random random = new Random(config.seed() * 1_000_003L + index);
        long written = 0;
        int renewals = 0;
        int killsSeen = membership.kills();
        java.util.Set<ReplicaAddress> answeredBy = new java.util.TreeSet<>();
        ReplicaAddress lastAnswered = null;
        while (System.nanoTime() < deadlineNanos && tickets.getAndDecrement() > 0 && !Thread.currentThread().isInterrupted()) {
            int kills = membership.kills();
            if (kills != killsSeen) {
                boolean renew = false;
                for (int k = killsSeen; k < kills; k++) {
                    renew |= answeredBy.contains(membership.killed(k));
                }
                killsSeen = kills;
                if (renew) {
                    session = ClientSession.fresh(config.sessionName(index) + "." + (++renewals));
                    answeredBy.clear();
                    lastAnswered = null;
                }
            }
            Op op = config.mix().pick(random);
            String key = config.key(random.nextInt(config.keyCount()));
            Optional<JsonNode> value = op == Op.PUT
                    ? Optional.of(Json.MAPPER.getNodeFactory().textNode(config.value(index, written++)))
                    : Optional.empty();
            List<ReplicaAddress> replicas = membership.replicas();
            List<ReplicaAddress> order = preferringSecond(rotated(replicas, random.nextInt(replicas.size())), lastAnswered);
            long began = System.nanoTime();
            OpResult result = runner.run(session, op, key, value, order);
            stats.record(result, System.nanoTime() - began);
            if (result instanceof OpResult.Done done) {
                answeredBy.add(done.replica());
                lastAnswered = done.replica();
            } else if (result instanceof OpResult.NotFound notFound) {
                answeredBy.add(notFound.replica());
                lastAnswered = notFound.replica();
            }
            pause(config.think().toMillis());
        }
    }

    private void finalReads() {
        for (int r = 0; r < config.replicas().size(); r++) {
            ClientSession reader = ClientSession.fresh(config.finalSessionName(r));
            List<ReplicaAddress> only = List.of(config.replicas().get(r));
            for (int k = 0; k < config.keyCount(); k++) {
                runner.run(reader, Op.GET, config.key(k), Optional.empty(), only, true);
            }
        }
    }

    /**
     * The order with {@code second} moved to second place (when it is in the list and not first):
     * when the first replica answers 503 (it lacks a write the session depends on), the replica that
     * answered the session last certainly has it, so one retry is enough instead of a tour.
     */
    static List<ReplicaAddress> preferringSecond(List<ReplicaAddress> order, ReplicaAddress second) {
        if (second == null || order.size() < 3 || order.get(0).equals(second) || !order.contains(second)) return order;
        List<ReplicaAddress> out = new ArrayList<>(order.size());
        out.add(order.get(0));
        out.add(second);
        for (int i = 1; i < order.size(); i++) if (!order.get(i).equals(second)) out.add(order.get(i));
        return out;
    }

    static List<ReplicaAddress> rotated(List<ReplicaAddress> replicas, int first) {
        List<ReplicaAddress> order = new ArrayList<>(replicas.size());
        for (int i = 0; i < replicas.size(); i++) order.add(replicas.get((first + i) % replicas.size()));
        return order;
    }

    private static void pause(long millis) {
        if (millis <= 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
