package kvs.checker.causal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The long set against java.util's, through growth and many constant-time clears. */
class LongSetTest {
    @Test
    void behavesAsAHashSetThroughGrowthAndClears() {
        SplittableRandom random = new SplittableRandom(7);
        LongSet set = new LongSet();
        for (int batch = 0; batch < 200; batch++) {
            Set<Long> expected = new HashSet<>();
            int n = random.nextInt(batch % 10 == 0 ? 5000 : 50);
            for (int i = 0; i < n; i++) {
                long key = (long) (1 + random.nextInt(300)) << 32 | random.nextInt(300); // never 0, many repeats
                assertEquals(expected.add(key), set.add(key), "batch " + batch + " key " + key);
            }
            assertEquals(expected.size(), set.size());
            for (int i = 0; i < 200; i++) {
                long key = (long) (1 + random.nextInt(300)) << 32 | random.nextInt(300);
                assertEquals(expected.contains(key), set.contains(key));
            }
            set.clear();
            assertEquals(0, set.size());
        }
    }
}
