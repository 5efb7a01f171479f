package kvs.cli.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import kvs.cli.http.ReplicaAddress;
import org.junit.jupiter.api.Test;

class ReplicaOrderTest {
    private static final ReplicaAddress A = ReplicaAddress.parse("10.0.0.1:1"), B = ReplicaAddress.parse("10.0.0.2:1"),
            C = ReplicaAddress.parse("10.0.0.3:1"), D = ReplicaAddress.parse("10.0.0.4:1");

    @Test
    void theReplicaThatAnsweredLastComesRightAfterTheRandomFirst() {
        assertEquals(List.of(C, A, D, B), Workload.preferringSecond(List.of(C, D, A, B), A));
        assertEquals(List.of(C, D, A, B), Workload.preferringSecond(List.of(C, D, A, B), C), "already first");
        assertEquals(List.of(C, D, A, B), Workload.preferringSecond(List.of(C, D, A, B), null), "no answer yet");
        assertEquals(List.of(A, B), Workload.preferringSecond(List.of(A, B), B), "two replicas: nothing to move");
        assertEquals(List.of(C, D, A), Workload.preferringSecond(List.of(C, D, A), B), "a replica no longer listed");
    }

    @Test
    void rotationStartsAtTheDrawnReplica() {
        assertEquals(List.of(C, D, A, B), Workload.rotated(List.of(A, B, C, D), 2));
    }
}
