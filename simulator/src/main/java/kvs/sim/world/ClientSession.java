package kvs.sim.world;

import java.util.SplittableRandom;

import kvs.checker.history.HistoryEvent;
import kvs.core.clock.VectorClock;

/**
 * A simulated client, following the client rules: it sends the latest metadata it received (from
 * any replica), moves between replicas now and then, retries a 503 later (same metadata, maybe at
 * another replica, with a fresh value) within a budget, and starts a new session (fresh id, empty metadata) after an
 * operation whose outcome it cannot know ({@code info}), after exhausting its 503 budget, and now and
 * then for no reason (a new user at the same client), so that fresh sessions exist throughout. Every
 * value it writes is unique: {@code "c<client>-<n>"}.
 */
final class ClientSession {
    static final int RETRY_BUDGET = 8;
    static final double PUT_SHARE = 0.45, GET_SHARE = 0.40;
    static final double MOVE_CHANCE = 0.25;
    /** Users come and go: now and then a client starts over as a new session with no metadata. */
    static final double NEW_SESSION_CHANCE = 0.03;

    final int index;
    final SplittableRandom rng;
    final int opsTotal;
    int opsDone;
    int sessionNo;
    VectorClock metadata = VectorClock.EMPTY;
    int valuesWritten;
    int target;
    /** The operation in progress (kept for retries). */
    HistoryEvent.Op op = HistoryEvent.Op.GET;
    String key = "";
    String valueJson = "";
    int attempts;

    ClientSession(int index, SplittableRandom rng, int opsTotal, int target) {
        this.index = index;
        this.rng = rng;
        this.opsTotal = opsTotal;
        this.target = target;
    }

    private VectorClock renderedClock = VectorClock.EMPTY;
    private String renderedJson = "{}";

    /** The metadata as history JSON; the text of the last clock rendered is kept, since it recurs. */
    String metadataJson(VectorClock clock) {
        if (clock != renderedClock) {
            renderedJson = Describe.metadataJson(clock);
            renderedClock = clock;
        }
        return renderedJson;
    }

    String metadataJson() {
        return metadataJson(metadata);
    }

    String sessionId() {
        return sessionNo == 0 ? "c" + index : "c" + index + "." + sessionNo;
    }

    boolean done() {
        return opsDone >= opsTotal;
    }

    /** Draws the next operation: a mix of put/get/delete over the small key space. */
    void drawOperation(int keys) {
        double r = rng.nextDouble();
        op = r < PUT_SHARE ? HistoryEvent.Op.PUT : r < PUT_SHARE + GET_SHARE ? HistoryEvent.Op.GET : HistoryEvent.Op.DELETE;
        key = "k" + rng.nextInt(keys);
        attempts = 0;
    }

    /** A fresh value for each attempt of a put (a retry too), so that every value written is unique. */
    void freshValue() {
        valueJson = op == HistoryEvent.Op.PUT ? "\"c" + index + "-" + (++valuesWritten) + "\"" : "";
    }

    /** The session's outcome was unknown: continue as a new session. */
    void newSession() {
        sessionNo++;
        metadata = VectorClock.EMPTY;
    }

    long thinkMicros() {
        return Streams.between(rng, 0, 20_000);
    }

    long backoffMicros() {
        return Math.min(200_000, 10_000L * attempts) + Streams.between(rng, 0, 5_000);
    }
}
