package kvs.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void actionsComeInTimeOrderAndTiesInTheOrderTheyWereScheduled() {
        EventQueue queue = new EventQueue();
        SplittableRandom rng = new SplittableRandom(7);
        List<long[]> scheduled = new ArrayList<>();
        List<long[]> taken = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            long time = rng.nextInt(50); // many ties
            long[] event = {time, i};
            scheduled.add(event);
            queue.at(time, () -> taken.add(event));
        }
        long lastTime = -1;
        while (!queue.isEmpty()) {
            long time = queue.peekTime();
            assertTrue(time >= lastTime);
            lastTime = time;
            queue.poll().run();
        }
        scheduled.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        assertEquals(scheduled.size(), taken.size());
        for (int i = 0; i < scheduled.size(); i++) assertEquals(scheduled.get(i)[1], taken.get(i)[1]);
    }

    @Test
    void actionsScheduledWhileTakingOthersKeepTheOrder() {
        EventQueue queue = new EventQueue();
        List<String> order = new ArrayList<>();
        queue.at(10, () -> {
            order.add("a");
            queue.at(10, () -> order.add("c")); // same time, scheduled later: after b
            queue.at(5, () -> order.add("past")); // the world never does this, but the heap must cope
        });
        queue.at(10, () -> order.add("b"));
        while (!queue.isEmpty()) queue.poll().run();
        assertEquals(List.of("a", "past", "b", "c"), order);
    }
}
