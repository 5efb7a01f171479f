package kvs.tester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class QuiescenceTest {
    private static Map<String, Map<String, String>> round(String a1, String a2, String b1, String b2) {
        Map<String, Map<String, String>> round = new TreeMap<>();
        round.put("r1", new TreeMap<>(Map.of("k1", a1, "k2", a2)));
        round.put("r2", new TreeMap<>(Map.of("k1", b1, "k2", b2)));
        return round;
    }

    @Test
    void twoEqualAgreeingRoundsAreQuiescent() {
        assertTrue(Quiescence.quiescent(round("1", "(absent)", "1", "(absent)"), round("1", "(absent)", "1", "(absent)")));
    }

    @Test
    void aRoundWhereReplicasDisagreeIsNotQuiescentEvenIfRepeated() {
        Map<String, Map<String, String>> split = round("1", "2", "1", "3");
        assertFalse(Quiescence.agrees(split));
        assertFalse(Quiescence.quiescent(split, split));
        assertEquals(Map.of("k2", Map.of("r1", "2", "r2", "3")), Quiescence.diverging(split));
    }

    @Test
    void agreementThatStillMovesIsNotQuiescent() {
        assertFalse(Quiescence.quiescent(round("1", "2", "1", "2"), round("1", "5", "1", "5")),
                "values changed between rounds: writes still arriving");
    }

    @Test
    void anErrorAnywhereIsNeitherAgreementNorQuiescence() {
        Map<String, Map<String, String>> error = round("(error: no replica reachable)", "2", "(error: no replica reachable)", "2");
        assertFalse(Quiescence.agrees(error));
        assertFalse(Quiescence.quiescent(error, error));
        assertEquals(1, Quiescence.diverging(error).size(), "an error is shown as diverging");
    }
}
