package kvs.replica.tools;

import java.util.List;
import java.util.Optional;

import kvs.core.clock.VectorClock;
import kvs.core.replica.ClientOp;
import kvs.core.replica.Effect;
import kvs.core.replica.Input;
import kvs.core.replica.Message;
import kvs.core.replica.Replica;
import kvs.core.replica.ReplicaConfig;

/**
 * Memory benchmark: one replica (with two peers that acknowledge every batch) holding N keys of
 * 100-byte values; prints the heap in use after a full GC. Run through {@code scripts/bench-memory},
 * which caps the heap at 256 MB, so finishing at all is part of the result.
 */
public final class MemoryBench {
    private MemoryBench() {}

    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String self = "10.0.0.1:8090";
        List<String> view = List.of(self, "10.0.0.2:8090", "10.0.0.3:8090");
        long before = usedAfterGc();
        Replica replica = new Replica(ReplicaConfig.of(self, view, 1));
        long now = 0;
        long request = 0;
        answer(replica, replica.handle(new Input.Start(now)), now);
        String value = "\"" + "v".repeat(98) + "\""; // 100 bytes of JSON
        VectorClock metadata = VectorClock.EMPTY;
        for (int i = 0; i < keys; i++) {
            now += i % 100 == 0 ? 1 : 0;
            String key = String.format("key-%08d", i);
            List<Effect> effects = replica.handle(new Input.ClientRequest(now, ++request,
                    ClientOp.Put.of(key, Optional.of(value), i % 10 == 0 ? metadata : VectorClock.EMPTY)));
            answer(replica, effects, now);
        }
        long after = usedAfterGc();
        long used = after - before;
        System.out.printf("keys=%d value_bytes=100 heap_used=%.1f MB bytes_per_key=%d heap_max=%.0f MB%n",
                keys, used / 1e6, used / keys, Runtime.getRuntime().maxMemory() / 1e6);
        System.out.println("stored=" + replica.snapshot().size() + " outbox_to_peer=" + replica.outboxSize(view.get(1)));
    }

    /** Plays both peers: every call is answered as a healthy, caught-up peer would. */
    private static void answer(Replica replica, List<Effect> effects, long now) {
        for (Effect effect : effects) {
            if (!(effect instanceof Effect.Call call)) continue;
            Message answer;
            if (call.message() instanceof Message.Replicate r) {
                answer = new Message.ReplicateAck(r.origin(), r.writes().get(r.writes().size() - 1).id().seq());
            } else if (call.message() instanceof Message.SyncRequest) {
                answer = new Message.SyncReply(List.of(), VectorClock.EMPTY, 0, true);
            } else if (call.message() instanceof Message.Ping) {
                answer = new Message.Pong();
            } else {
                answer = new Message.Ack();
            }
            answer(replica, replica.handle(new Input.CallSucceeded(now, call.callId(), answer)), now);
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
