package kvs.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import kvs.core.Limits;

/**
 * The view cannot be filled from outside: addresses that never answer get a grace, then leave
 * quietly, are probed less and less, and are forgotten; they never keep a real replica out.
 */
class ViewLimitsTest {
    static final String A = "10.0.0.1:8090", B = "10.0.0.2:8090", C = "10.0.0.3:8090", D = "10.0.0.4:8090";
    static final List<String> VIEW = List.of(A, B, C);
    static final String NOBODY = "10.9.9.9:8090";

    TestNet cluster() {
        TestNet net = new TestNet();
        for (String address : VIEW) net.start(address, VIEW);
        net.deliverAll();
        return net;
    }

    @Test
    void anAddressAddedByPutViewThatDoesNotAnswerIsAlreadyPresentTheSecondTime() {
        TestNet net = cluster();
        assertEquals(new Reply.Result(201, "added", Optional.empty()), net.client(A, new ClientOp.ViewPut(NOBODY)));
        net.run(1_000); // every call to it is refused meanwhile
        assertEquals(new Reply.Result(200, "already present", Optional.empty()), net.client(A, new ClientOp.ViewPut(NOBODY)));
        assertTrue(net.replicas.get(A).view().contains(NOBODY));
    }

    @Test
    void anAddressThatNeverAnswersLeavesTheViewQuietlyAfterItsGraceAndIsForgottenLater() {
        TestNet net = cluster();
        net.client(A, new ClientOp.ViewPut(NOBODY));
        long grace = Limits.defaults().joinGraceMillis();
        net.run(grace + 1_000);
        Replica a = net.replicas.get(A);
        assertEquals(VIEW, a.view());
        assertEquals(List.of(NOBODY), a.probed());
        assertTrue(net.logs.stream().noneMatch(l -> l.startsWith(B) && l.contains(NOBODY)), "nobody else was told");
        net.run(Limits.defaults().unreachedForgetMillis());
        assertEquals(List.of(), a.probed(), "forgotten");
        assertEquals(1, a.counters().addressesForgotten());
    }

    @Test
    void probesOfAnAddressThatDoesNotAnswerBackOff() {
        TestNet net = cluster();
        net.crash(C);
        net.put(A, "k", "1", kvs.core.clock.VectorClock.EMPTY);
        net.deliverAll(); // A and B drop C and probe it
        int[] pings = {0};
        long seconds = 30;
        for (long t = 0; t < seconds * 10; t++) {
            net.now += 100;
            Replica a = net.replicas.get(A);
            net.take(A, a.handle(new Input.Tick(net.now)));
            for (TestNet.Pending p : new ArrayList<>(net.inFlight)) {
                if (p.call().message() instanceof Message.Ping && p.call().peer().equals(C)) pings[0]++;
            }
            net.deliverAll();
        }
        long everyInterval = seconds * 1_000 / Limits.defaults().probeIntervalMillis();
        long backedOff = seconds * 1_000 / Limits.defaults().probeBackoffMaxMillis();
        assertTrue(pings[0] <= backedOff + 6, pings[0] + " probes in " + seconds + " s; without backoff " + everyInterval);
        Replica c = net.start(C, VIEW); // a restart is seen at once: C announces itself
        net.deliverAll();
        assertEquals(VIEW, net.replicas.get(A).view());
        assertEquals(VIEW, c.view());
    }

    @Test
    void aRealJoinerIsAdmittedEvenAfterHundredsOfBogusPutView() {
        TestNet net = cluster();
        for (int i = 0; i < 300; i++) {
            Reply r = net.client(A, new ClientOp.ViewPut("10.7." + (i / 200) + "." + (i % 200 + 1) + ":8090"));
            assertEquals(201, r.status(), "bogus " + i);
        }
        Replica a = net.replicas.get(A);
        assertTrue(a.view().size() + a.probed().size() <= Limits.defaults().unansweredAddressesMax() + VIEW.size(),
                "unanswered addresses are capped: " + (a.view().size() + a.probed().size()));
        net.start(D, List.of(A, B, C, D)); // a real replica joins and announces itself
        net.deliverAll();
        assertTrue(a.view().contains(D), "the joiner is in A's view");
        assertEquals(new Reply.Result(200, "already present", Optional.empty()), net.client(A, new ClientOp.ViewPut(D)));
        net.run(Limits.defaults().joinGraceMillis() + 2_000);
        for (String r : List.of(A, B, C, D)) assertEquals(List.of(A, B, C, D), net.replicas.get(r).view(), r);
        assertFalse(a.view().stream().anyMatch(x -> x.startsWith("10.7.")), "the bogus ones left after their grace");
    }

    @Test
    void aPeerThatAnnouncedItselfAndCrashesAtOnceGetsNoGrace() {
        TestNet net = new TestNet();
        net.start(A, VIEW);
        net.start(B, VIEW);
        net.deliverAll(); // C is not listening yet: A's and B's calls to it are refused
        net.start(C, VIEW);
        for (TestNet.Pending p : new java.util.ArrayList<>(net.inFlight)) {
            if (p.from().equals(C) && p.call().message() instanceof Message.ViewAdd) {
                net.inFlight.remove(p);
                net.deliver(p); // C announces itself to A and B ...
            }
        }
        net.crash(C); // ... and crashes before any call to it is answered
        net.deliverAll();
        net.run(500);
        assertEquals(List.of(A, B), net.replicas.get(A).view(), "C lived, so its crash is seen at its first failed call");
        assertEquals(List.of(A, B), net.replicas.get(B).view());
    }

    @Test
    void aPeerInTheStartingViewThatIsNotListeningYetStaysDuringTheGraceAndComesInWhenItStarts() {
        TestNet net = new TestNet();
        net.start(A, VIEW);
        net.start(B, VIEW);
        net.deliverAll(); // C is not listening: its calls are refused
        net.run(1_000);
        assertEquals(VIEW, net.replicas.get(A).view(), "C keeps its grace");
        net.start(C, VIEW);
        net.deliverAll();
        net.run(500);
        for (String r : VIEW) assertEquals(VIEW, net.replicas.get(r).view(), r);
    }
}
