package kvs.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import kvs.core.clock.VectorClock;

/**
 * Any delivery order of one causal history gives the same store: a fresh replica that receives
 * every write, one message each, in a random order, ends where in-order delivery ends, and never
 * shows an effect before its cause on the way.
 */
class CausalDeliveryProperties {
    static final List<String> VIEW = List.of("10.0.0.1:1", "10.0.0.2:1", "10.0.0.3:1");
    static final String OBSERVER = "10.0.0.9:1";

    @Property(tries = 200)
    void everyDeliveryOrderOfACausalHistoryYieldsTheSameStore(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int ops) {
        List<Version> writes = causalHistory(new Random(seed), ops);
        SortedMap<String, Version> inOrder = deliver(writes);
        List<Version> shuffled = new ArrayList<>(writes);
        Collections.shuffle(shuffled, new Random(seed ^ 0x5DEECE66DL));
        assertEquals(inOrder, deliver(shuffled));
    }

    /** Three replicas, clients that read and write through them with metadata; replication is random. */
    static List<Version> causalHistory(Random random, int ops) {
        TestNet net = new TestNet();
        for (String r : VIEW) net.start(r, VIEW);
        net.deliverAll();
        List<VectorClock> clients = new ArrayList<>(List.of(VectorClock.EMPTY, VectorClock.EMPTY, VectorClock.EMPTY));
        for (int i = 0; i < ops; i++) {
            int client = random.nextInt(clients.size());
            String replica = VIEW.get(random.nextInt(VIEW.size()));
            String key = "k" + random.nextInt(3);
            Reply reply = switch (random.nextInt(3)) {
                case 0 -> net.get(replica, key, clients.get(client));
                case 1 -> net.client(replica, new ClientOp.Delete(key, clients.get(client)));
                default -> net.put(replica, key, "\"v" + i + "\"", clients.get(client));
            };
            if (reply instanceof Reply.Result r) clients.set(client, r.metadata().orElseThrow());
            if (reply instanceof Reply.Found f) clients.set(client, f.metadata());
            if (reply instanceof Reply.Error e && e.metadata().isPresent()) clients.set(client, e.metadata().get());
            int deliveries = random.nextInt(4);
            for (int d = 0; d < deliveries && !net.inFlight.isEmpty(); d++) net.deliver(net.inFlight.pollFirst());
        }
        net.deliverAll();
        List<Version> all = new ArrayList<>();
        for (String r : VIEW) all.addAll(replicaWrites(net, r));
        return all;
    }

    /** Every write accepted by {@code address}, recovered from what its peers' outboxes carried. */
    private static List<Version> replicaWrites(TestNet net, String address) {
        return net.writesAcceptedBy(address);
    }

    static SortedMap<String, Version> deliver(List<Version> writes) {
        List<String> view = new ArrayList<>(VIEW);
        view.add(OBSERVER);
        Replica observer = new Replica(ReplicaConfig.of(OBSERVER, view, 1));
        observer.handle(new Input.Start(0));
        long request = 0;
        for (Version write : writes) {
            String from = write.id().origin().substring(0, write.id().origin().indexOf('#'));
            Message.Replicate replicate = new Message.Replicate(write.id().origin(), List.of(write),
                    TestNet.stampAccepted(observer, from));
            Message answer = ((Effect.PeerReply) observer.handle(new Input.PeerRequest(0, ++request, from, replicate)).get(0)).message();
            assertInstanceOf(Message.ReplicateAck.class, answer);
            observer.checkInvariants();
            observer.snapshot().values().forEach(v -> assertTrue(v.deps().leq(observer.applied()),
                    "a stored write's causes are applied"));
        }
        assertEquals(0, observer.bufferedWrites(), "everything was delivered in the end");
        return observer.snapshot();
    }
}
