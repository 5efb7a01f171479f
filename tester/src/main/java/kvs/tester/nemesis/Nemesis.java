package kvs.tester.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import kvs.checker.history.FaultEvent;
import kvs.cluster.Cluster;

/**
 * Runs a {@link FaultPlan} against a cluster on its own thread: waits the quiet gap, starts the
 * fault, holds it, ends it, and writes each start and end as a fault line of the history at the
 * moment it happens ({@code System.nanoTime()}, the operations' clock). {@link #stop()} ends the
 * fault in progress (heals, restarts what it killed) and returns when the cluster is whole again.
 */
public final class Nemesis {
    /** A kill, for the attribution of writes lost with a crash. */
    public record Kill(long faultId, int member, String address, long timeNanos) {}

    /** Told of the cluster's changes, so sessions and reports follow them. */
    public interface Listener {
        /** A member was killed (after it is dead). */
        void killed(Kill kill);

        /** A new member answers and may be used. */
        void joined(int member, String address);

        /** The fault now in progress (a description), or empty between faults. */
        default void current(String description) {}
    }

    private final Cluster cluster;
    private final FaultPlan plan;
    private final Consumer<FaultEvent> history;
    private final Listener listener;
    private final Duration readyTimeout;
    private final List<Kill> kills = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Object lock = new Object();
    private volatile boolean stopping;
    private Thread thread;
    private long nextId = 1;
    private int faultsStarted;

    public Nemesis(Cluster cluster, FaultPlan plan, Consumer<FaultEvent> history, Listener listener, Duration readyTimeout) {
        this.cluster = cluster;
        this.plan = plan;
        this.history = history;
        this.listener = listener;
        this.readyTimeout = readyTimeout;
    }

    public void start() {
        thread = new Thread(this::loop, "nemesis");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops drawing faults, ends the one in progress (heal, restart) and waits for it. */
    public void stop() throws InterruptedException {
        stopping = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        if (thread != null) {
            thread.join();
        }
    }

    public List<Kill> kills() {
        synchronized (kills) {
            return List.copyOf(kills);
        }
    }

    /** What went wrong while injecting or ending faults (a replica that did not come back). */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    public int faultsStarted() {
        return faultsStarted;
    }

    private void loop() {
        try {
            while (!stopping) {
                var next = plan.next();
                if (next.isEmpty()) {
                    return;
                }
                Fault fault = next.get();
                if (!pause(fault.gapMillis()) || stopping) {
                    return;
                }
                run(fault);
            }
        } catch (RuntimeException e) {
            problem("the nemesis stopped: " + e);
        }
    }

    /** Starts, holds and ends one fault. The end always happens, even when stopping. */
    private void run(Fault fault) {
        long id = nextId++;
        List<String> targets = new ArrayList<>();
        List<String> addresses = cluster.addresses();
        for (int i : fault.targets()) {
            if (i < addresses.size()) {
                targets.add(addresses.get(i));
            }
        }
        faultsStarted++;
        listener.current(fault.describe());
        FaultEvent start;
        switch (fault.kind()) {
            case KILL -> {
                int i = fault.targets().get(0);
                cluster.kill(i);
                start = FaultEvent.start(id, "kill", targets, fault.describe(), System.nanoTime());
                history.accept(start);
                Kill kill = new Kill(id, i, addresses.get(i), start.timeNanos());
                synchronized (kills) {
                    kills.add(kill);
                }
                listener.killed(kill);
            }
            case PAUSE -> {
                start = FaultEvent.start(id, "pause", targets, fault.describe(), System.nanoTime());
                cluster.pause(fault.targets().get(0));
                history.accept(start);
            }
            case PARTITION -> {
                start = FaultEvent.start(id, "partition", targets, fault.describe(), System.nanoTime());
                cluster.partition(fault.side(), fault.other(), fault.oneWay());
                history.accept(start);
            }
            case HANG -> {
                start = FaultEvent.start(id, "hang", targets, fault.describe(), System.nanoTime());
                cluster.hang(fault.targets().get(0));
                history.accept(start);
            }
            case JOIN -> {
                start = FaultEvent.start(id, "join", List.of(), fault.describe(), System.nanoTime());
                int i = cluster.join();
                String address = cluster.addresses().get(i);
                start = new FaultEvent(id, FaultEvent.Phase.START, "join", List.of(address), fault.describe(), start.timeNanos());
                history.accept(start);
                if (!cluster.awaitReady(i, readyTimeout)) {
                    problem("replica " + (i + 1) + " (" + address + ") that joined did not answer within " + readyTimeout.toSeconds()
                            + " s");
                }
                history.accept(start.end(System.nanoTime()));
                listener.joined(i, address);
                listener.current("");
                return;
            }
            default -> throw new IllegalStateException("unknown fault " + fault.kind());
        }
        pause(fault.holdMillis());
        end(fault, start);
        listener.current("");
    }

    private void end(Fault fault, FaultEvent start) {
        switch (fault.kind()) {
            case KILL -> {
                int i = fault.targets().get(0);
                cluster.start(i);
                boolean ready = cluster.awaitReady(i, readyTimeout);
                history.accept(start.end(System.nanoTime()));
                if (!ready) {
                    problem("replica " + (i + 1) + " did not answer within " + readyTimeout.toSeconds() + " s of its restart");
                }
            }
            case PAUSE -> {
                cluster.resume(fault.targets().get(0));
                history.accept(start.end(System.nanoTime()));
            }
            case PARTITION, HANG -> {
                cluster.heal();
                history.accept(start.end(System.nanoTime()));
            }
            default -> throw new IllegalStateException("unexpected end of " + fault.kind());
        }
    }

    /** Sleeps, waking early when stopping; false when interrupted. */
    private boolean pause(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (lock) {
            while (!stopping) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return true;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private void problem(String text) {
        synchronized (problems) {
            problems.add(text);
        }
    }
}
