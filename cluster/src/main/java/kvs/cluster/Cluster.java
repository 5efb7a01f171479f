package kvs.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A cluster of replicas of any implementation of the API, started as processes, with the faults a
 * tester injects. Members are numbered 0..n-1 in the order of {@link #addresses()}; a member that
 * joins gets the next number. Every method throws {@link ClusterException} (unchecked) when the
 * machinery fails, with a message a person can act on.
 */
public interface Cluster extends AutoCloseable {

    /** Every member's {@code IP:PORT}, index 0..n-1 (joins append). */
    List<String> addresses();

    /** SIGKILL member i's whole process group and wait until it is gone (a crash: its memory is lost). */
    void kill(int i);

    /** (Re)starts member i at the same address with the same command, {@code VIEW} = every member. */
    void start(int i);

    /** SIGSTOP member i's process group. */
    void pause(int i);

    /** SIGCONT member i's process group. */
    void resume(int i);

    /**
     * Drops traffic between two groups of members. Two-way: every packet between them is dropped.
     * One-way: {@code side} cannot open connections to {@code other} (its packets on connections it
     * opened are dropped at {@code other}), while {@code other} still reaches {@code side} and gets
     * its answers. The host (the tester) still reaches everyone.
     */
    void partition(Set<Integer> side, Set<Integer> other, boolean oneWay);

    /** Cuts member i's cable: every packet to or from it is dropped, the host's too (connections hang). */
    void hang(int i);

    /** Removes every cut and resumes every paused member. */
    void heal();

    /** Starts a new member with {@code VIEW} = the live members and itself; returns its index. */
    int join();

    /** Waits until member i answers an HTTP request ({@code GET /view}, any status); false on timeout or exit. */
    boolean awaitReady(int i, Duration timeout);

    /** Member i's log file (its stdout and stderr, every start appended). */
    Path logFile(int i);

    /** Kills every process and removes everything this cluster made (idempotent). */
    @Override
    void close();
}
