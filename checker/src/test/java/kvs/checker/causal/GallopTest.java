package kvs.checker.causal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The galloping search of the read check against a linear scan, on random ascending arrays. */
class GallopTest {
    @Test
    void firstAtLeastEqualsTheLinearScan() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            int n = 1 + random.nextInt(round < 1000 ? 8 : 300);
            int[] sorted = new int[n];
            int v = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                v += 1 + random.nextInt(round % 2 == 0 ? 2 : 50);
                sorted[i] = v;
            }
            int from = random.nextInt(n);
            int t = sorted[from] + 1 + random.nextInt(v - sorted[from] + 5); // above sorted[from], the caller's precondition
            int expected = from;
            while (expected < n && sorted[expected] < t) expected++;
            assertEquals(expected, Analysis.firstAtLeast(sorted, from, t), "round " + round);
        }
    }
}
