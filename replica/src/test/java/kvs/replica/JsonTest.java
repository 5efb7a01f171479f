package kvs.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import kvs.core.clock.VectorClock;
import kvs.core.replica.LinkStamp;
import kvs.core.replica.Message;
import kvs.core.replica.Version;
import kvs.core.replica.WriteId;

class JsonTest {
    static final String W1 = "10.0.0.1:8090#k1", W2 = "10.0.0.2:8090#k2";

    @Test
    void everyPeerMessageSurvivesTheWire() throws Exception {
        VectorClock deps = VectorClock.of(Map.of(W1, 3L, W2, 1L));
        Version value = Version.value("k \"quoted\" ✓", new WriteId(W1, 3), 9, deps, "{\"a\":[1,2.5,null,\"x\"]}");
        Version tombstone = Version.tombstone("gone", new WriteId(W2, 1), 4, VectorClock.single(W2, 1));
        LinkStamp stamp = new LinkStamp(1_764_000_000_000L, 7, 1_764_000_000_123L, 12);
        List<Message> messages = List.of(
                new Message.Replicate(W1, List.of(value), stamp),
                new Message.ReplicateAck(W1, 3),
                new Message.SyncRequest(deps, stamp),
                new Message.SyncReply(List.of(value, tombstone), deps, 9, true),
                new Message.SyncReply(List.of(), VectorClock.EMPTY, 0, false),
                new Message.Ping(stamp), new Message.Pong(), new Message.Ack(),
                new Message.ViewAdd("10.0.0.3:8090", stamp), new Message.ViewRemove("10.0.0.3:8090", stamp),
                new Message.Refused(Message.Refusal.STALE_EPOCH, "sent for link 1/2"));
        for (Message m : messages) assertEquals(m, Json.decode(Json.encode(m)), m.toString());
    }

    @Test
    void aReplicasViewChangeCarriesItsSenderAndStampAndAnOperatorsDoesNot() throws Exception {
        LinkStamp stamp = new LinkStamp(5, 6, 7, 8);
        Message remove = new Message.ViewRemove("10.0.0.3:8090", stamp);
        byte[] body = Json.viewChangeBody("10.0.0.1:8090", remove);
        Json.PeerViewChange decoded = Json.peerViewChange(Json.object(body), "10.0.0.3:8090", false).orElseThrow();
        assertEquals(new Json.PeerViewChange("10.0.0.1:8090", remove), decoded);
        assertEquals(Optional.empty(), Json.peerViewChange(Json.object("{\"socket-address\":\"10.0.0.3:8090\"}".getBytes()),
                "10.0.0.3:8090", true));
        assertThrows(Json.BadBody.class, () -> Json.peerViewChange(
                Json.object("{\"socket-address\":\"10.0.0.3:8090\",\"sender\":\"10.0.0.1:8090\"}".getBytes()),
                "10.0.0.3:8090", true), "a sender without a stamp");
    }

    @Test
    void metadataOfAnotherShapeIsNullMetadata() throws Exception {
        assertEquals(VectorClock.single(W1, 2), Json.metadata(Json.object(("{\"causal-metadata\":{\"" + W1 + "\":2}}").getBytes())));
        for (String bad : List.of("null", "[]", "\"x\"", "{\"nohash\":1}", "{\"" + W1 + "\":1.5}", "{\"" + W1 + "\":-1}",
                "{\"" + W1 + "\":\"1\"}", "{\"" + W1 + "\":{}}")) {
            assertEquals(VectorClock.EMPTY, Json.metadata(Json.object(("{\"causal-metadata\":" + bad + "}").getBytes())), bad);
        }
        assertEquals(VectorClock.EMPTY, Json.metadata("not json"));
    }

    @Test
    void malformedPeerMessagesAreRefusedWithAReason() {
        for (String bad : List.of("", "[]", "{\"type\":\"replicate\"}", "{\"type\":\"sync\",\"applied\":[]}",
                "{\"type\":\"replicate\",\"origin\":\"o\",\"writes\":[{\"key\":\"k\",\"origin\":\"o\",\"seq\":0,\"lamport\":1,\"deps\":{}}]}",
                "{\"type\":\"ping\"}", "{\"type\":\"ping\",\"link\":{\"incarnation\":1,\"epoch\":1,\"peer-incarnation\":0,"
                        + "\"peer-epoch\":99999999999999999999}}")) {
            assertThrows(Json.BadBody.class, () -> Json.decode(bad.getBytes()), bad);
        }
    }
}
