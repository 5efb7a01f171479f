package kvs.core.replica;

import static kvs.core.replica.TestNet.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import kvs.core.clock.VectorClock;

/**
 * Messages delayed in the network past a partition's heal (TCP retransmission) must not act after
 * the fact: link epochs tell their life of the link from the current one.
 */
class EpochTest {
    static final String ALICE = "10.0.0.1:8090", BOB = "10.0.0.2:8090", CAROL = "10.0.0.3:8090";
    static final List<String> VIEW = List.of(ALICE, BOB, CAROL);
    static final Reply NOT_SATISFIED = new Reply.Error(503, Reply.Messages.NOT_SATISFIED, Optional.empty());

    TestNet cluster() {
        TestNet net = new TestNet();
        for (String address : VIEW) net.start(address, VIEW);
        net.deliverAll();
        return net;
    }

    static boolean replicateTo(TestNet.Pending p, String peer) {
        return p.call().peer().equals(peer) && p.call().message() instanceof Message.Replicate;
    }

    @Test
    void theCoursesCausalScenarioBobAnswers503OneSecondAfterTheReconnectEvenWhenAlicesOldRequestArrives() {
        TestNet net = cluster();
        net.cut(ALICE, BOB);
        net.cut(CAROL, BOB);
        Reply write = net.put(ALICE, "x", "1", VectorClock.EMPTY);
        TestNet.Pending stuck = net.holdAndTimeOut(p -> replicateTo(p, BOB)); // alice's side times out
        net.run(2_000); // the partition lasts: everyone drops bob, bob drops everyone
        assertEquals(List.of(BOB), net.replicas.get(BOB).view());
        net.heal();
        net.run(500);
        Message late = net.arriveLate(stuck); // TCP delivers alice's old request after the reconnect
        assertEquals(Message.Refusal.NOT_IN_VIEW, assertInstanceOf(Message.Refused.class, late).reason());
        net.run(500);
        assertEquals(NOT_SATISFIED, net.get(BOB, "x", metadata(write)), "1 s after the reconnect");
        net.run(3_000); // re-admission after 2 s of healthy probes, then state transfer
        assertEquals(new Reply.Found("1", metadata(write)), net.get(BOB, "x", metadata(write)));
    }

    /**
     * The same scenario in the first two seconds after the cluster starts ({@code readmitAfterMillis}
     * after the announcements). Bob drops alice and carol at his own failed calls, after they had
     * answered him since their announcements: a real failure, so he must wait out the hysteresis
     * rather than take them back at the first probe answered after the heal.
     */
    @Test
    void theCoursesCausalScenarioHoldsWithinTwoSecondsOfTheStart() {
        TestNet net = cluster(); // everyone announced itself at time 0
        net.cut(ALICE, BOB);
        net.cut(CAROL, BOB);
        Reply write = net.put(ALICE, "x", "1", VectorClock.EMPTY);
        TestNet.Pending stuck = net.holdAndTimeOut(p -> replicateTo(p, BOB));
        net.run(500); // bob's anti-entropy calls time out: he drops both, 500 ms after the start
        assertEquals(List.of(BOB), net.replicas.get(BOB).view());
        assertEquals(List.of(ALICE, CAROL), net.replicas.get(ALICE).view());
        net.heal(); // bob's first probes after the drop are answered
        net.run(500);
        assertInstanceOf(Message.Refused.class, net.arriveLate(stuck));
        net.run(500);
        assertEquals(NOT_SATISFIED, net.get(BOB, "x", metadata(write)), "1 s after the reconnect, 1.5 s after the start");
        net.run(2_000);
        assertEquals(new Reply.Found("1", metadata(write)), net.get(BOB, "x", metadata(write)));
        for (String r : VIEW) assertEquals(VIEW, net.replicas.get(r).view(), r);
    }

    /**
     * A replica that starts cold and does not answer the first call made to it after its
     * announcement is dropped at that failure, and taken back at its first answered probe: the
     * start-up race of issue 3 still resolves at once.
     */
    @Test
    void aPeerThatFailsItsFirstCallAfterItsAnnouncementComesBackAtItsFirstAnsweredProbe() {
        TestNet net = cluster();
        net.run(3_000); // old announcements
        net.crash(CAROL);
        net.run(1_000);
        assertEquals(List.of(ALICE, BOB), net.replicas.get(ALICE).view());
        net.start(CAROL, VIEW); // a new life announces itself
        // its announcement reaches alice, but alice's first call to the new life times out (cold JVM)
        java.util.function.Predicate<TestNet.Pending> announceToAlice = p -> p.call().peer().equals(ALICE)
                && p.call().message() instanceof Message.ViewAdd add && add.address().equals(CAROL);
        while (net.inFlight.stream().anyMatch(announceToAlice)) {
            TestNet.Pending p = net.inFlight.pollFirst();
            if (announceToAlice.test(p)) net.deliver(p); else net.inFlight.addLast(p);
        }
        assertTrue(net.replicas.get(ALICE).view().contains(CAROL));
        net.holdAndTimeOut(p -> p.from().equals(ALICE) && p.call().peer().equals(CAROL));
        assertFalse(net.replicas.get(ALICE).view().contains(CAROL), "dropped at its failed first call");
        net.run(300);
        assertEquals(VIEW, net.replicas.get(ALICE).view(), "back at its first answered probe, no hysteresis");
    }

    @Test
    void aViewRemovalSentDuringAPartitionThatArrivesAfterTheHealRemovesNobody() {
        TestNet net = cluster();
        net.cut(CAROL, ALICE);
        net.put(CAROL, "k", "1", VectorClock.EMPTY); // carol's replication to alice fails: carol drops alice
        java.util.function.Predicate<TestNet.Pending> removeAliceAtBob = p -> p.call().peer().equals(BOB)
                && p.call().message() instanceof Message.ViewRemove remove && remove.address().equals(ALICE);
        while (net.inFlight.stream().noneMatch(removeAliceAtBob)) net.deliver(net.inFlight.pollFirst());
        TestNet.Pending stuck = net.holdAndTimeOut(removeAliceAtBob);
        net.run(1_000);
        net.heal();
        net.run(5_000);
        for (String r : VIEW) assertEquals(VIEW, net.replicas.get(r).view(), r);
        Message late = net.arriveLate(stuck);
        assertEquals(Message.Refusal.STALE_EPOCH, assertInstanceOf(Message.Refused.class, late).reason());
        assertEquals(VIEW, net.replicas.get(BOB).view(), "alice, healthy, stays in bob's view");
    }

    @Test
    void aWriteSentBeforeTheReceiverDroppedAndReadmittedTheSenderIsRefusedThenResent() {
        TestNet net = cluster();
        Reply write = net.put(CAROL, "k", "1", VectorClock.EMPTY);
        TestNet.Pending stuck = net.inFlight.stream().filter(p -> replicateTo(p, BOB)).findFirst().orElseThrow();
        net.inFlight.remove(stuck); // carol's batch to bob is on the wire; carol still waits for its answer
        net.client(BOB, new ClientOp.ViewDelete(CAROL)); // bob drops carol (an operator's word) ...
        net.run(2_500); // ... and re-admits her after two seconds of healthy probes
        assertEquals(VIEW, net.replicas.get(BOB).view());
        Message late = net.arriveLate(stuck);
        assertEquals(Message.Refusal.STALE_EPOCH, assertInstanceOf(Message.Refused.class, late).reason());
        net.take(CAROL, net.replicas.get(CAROL).handle(new Input.CallSucceeded(net.now, stuck.call().callId(), late)));
        assertEquals(VIEW, net.replicas.get(CAROL).view(), "a refusal is not a failure");
        net.run(1_000);
        assertEquals(0, net.replicas.get(CAROL).outboxSize(BOB), "resent in the current epoch and accepted");
        assertEquals(new Reply.Found("1", metadata(write)), net.get(BOB, "k", metadata(write)));
    }

    @Test
    void anAnnouncementFromAnEarlierLifeIsRefusedAndOneFromANewLifeIsTaken() {
        TestNet net = cluster();
        Replica alice = net.replicas.get(ALICE);
        LinkStamp old = new LinkStamp(1, 1, 0, 0);
        LinkStamp newer = new LinkStamp(alice.stampFor(CAROL).peerIncarnation() + 1, 1, 0, 0);
        Message taken = alice.handle(new Input.PeerRequest(net.now, 500, CAROL, new Message.ViewAdd(CAROL, newer)))
                .stream().filter(e -> e instanceof Effect.PeerReply).map(e -> ((Effect.PeerReply) e).message())
                .findFirst().orElseThrow();
        assertEquals(new Message.Ack(), taken);
        Message refused = ((Effect.PeerReply) alice.handle(
                new Input.PeerRequest(net.now, 501, CAROL, new Message.ViewAdd(CAROL, old))).get(0)).message();
        assertEquals(Message.Refusal.STALE_EPOCH, assertInstanceOf(Message.Refused.class, refused).reason());
    }

    @Test
    void writesFromAnAddressOutsideTheViewAreRefusedAndChangeNothing() {
        TestNet net = cluster();
        Replica alice = net.replicas.get(ALICE);
        String stranger = "10.0.0.9:8090";
        Version v = Version.value("k", new WriteId(stranger + "#1", 1), 1, VectorClock.single(stranger + "#1", 1), "1");
        Message answer = ((Effect.PeerReply) alice.handle(new Input.PeerRequest(net.now, 600, stranger,
                new Message.Replicate(stranger + "#1", List.of(v), new LinkStamp(1, 1, 1, 1)))).get(0)).message();
        assertEquals(Message.Refusal.NOT_IN_VIEW, assertInstanceOf(Message.Refused.class, answer).reason());
        assertTrue(alice.version("k").isEmpty());
        assertEquals(List.of(), alice.probed(), "a refused message does not even make its sender known");
    }
}
