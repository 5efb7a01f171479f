package kvs.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kvs.core.replica.ValueText;

class ValueSpillTest {
    @TempDir
    Path dir;

    private final List<String> logged = new ArrayList<>();

    private ValueSpill spill(int thresholdChars, long collectAfterBytesMin) {
        return new ValueSpill(dir, thresholdChars, collectAfterBytesMin, logged::add);
    }

    @Test
    void valuesComeBackAsTheyWereAtEverySizeAndShortOnesStayInTheHeap() throws Exception {
        ValueSpill spill = spill(1024, 1L << 30);
        Random random = new Random(7);
        List<String> texts = new ArrayList<>();
        List<ValueText> values = new ArrayList<>();
        for (int length : new int[] {1, 1023, 1024, 1025, 2047, 2048, 2049, 100_000, 1 << 20, 3 << 20}) {
            StringBuilder sb = new StringBuilder(length).append('"');
            while (sb.length() < length - 1) {
                int kind = random.nextInt(4);
                sb.append(kind == 0 ? "é" : kind == 1 ? "\uD83D\uDE00" : kind == 2 ? "\\\"" : "x");
            }
            String text = sb.append('"').toString();
            texts.add(text);
            values.add(spill.of(text));
        }
        for (int i = 0; i < texts.size(); i++) {
            ValueText value = values.get(i);
            assertEquals(texts.get(i), value.text());
            assertEquals(texts.get(i).length(), value.length());
            assertEquals(ValueText.of(texts.get(i)), value, "equal to the same text held in the heap");
            assertEquals(value, ValueText.of(texts.get(i)));
            assertEquals(texts.get(i).length() >= 1024, !(value instanceof ValueText.HeapText), "spilled iff long: " + i);
        }
        assertTrue(spill.liveBytes() >= (3 << 20) + (1 << 20) + 100_000, "slots in use: " + spill.liveBytes());
        assertTrue(spill.mappedBytes() >= spill.liveBytes());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "the files are deleted once mapped");
        }
    }

    @Test
    void theSlotsOfCollectedValuesAreUsedAgain() throws Exception {
        ValueSpill spill = spill(1024, 1L << 40); // never asks for a collection itself
        String text = "\"" + "v".repeat(50_000) + "\"";
        List<ValueText> held = new ArrayList<>();
        for (int i = 0; i < 200; i++) held.add(spill.of(text));
        long mapped = spill.mappedBytes();
        long live = spill.liveBytes();
        held.clear();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (spill.liveBytes() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, spill.liveBytes(), "every slot came back once its value was collected");
        for (int i = 0; i < 200; i++) held.add(spill.of(text));
        assertEquals(mapped, spill.mappedBytes(), "no new segment: the freed slots were used again");
        assertEquals(live, spill.liveBytes());
        for (ValueText value : held) assertEquals(text, value.text());
    }

    @Test
    void garbageDoesNotGrowTheFilesForEver() {
        ValueSpill spill = spill(1024, 8L << 20);
        String text = "\"" + "g".repeat(100_000) + "\"";
        ValueText kept = spill.of("\"" + "k".repeat(100_000) + "\"");
        for (int i = 0; i < 3_000; i++) { // 3,000 x 128 KiB slots = 375 MiB of values, all garbage at once
            ValueText garbage = spill.of(text);
            assertEquals(text.length(), garbage.length());
        }
        assertTrue(spill.collectionsRequested() > 0, "a collection was asked for");
        assertTrue(spill.mappedBytes() < 200L << 20, "mapped " + (spill.mappedBytes() >> 20) + " MiB for 375 MiB of garbage");
        assertEquals("\"" + "k".repeat(100_000) + "\"", kept.text());
    }

    @Test
    void aDirectoryThatCannotHoldTheFilesKeepsValuesInTheHeapAndSaysSoOnce() {
        ValueSpill spill = new ValueSpill(dir.resolve("missing"), 16, 1L << 30, logged::add);
        String text = "\"" + "x".repeat(5_000) + "\"";
        ValueText a = spill.of(text);
        ValueText b = spill.of(text);
        assertEquals(text, a.text());
        assertEquals(text, b.text());
        assertTrue(a instanceof ValueText.HeapText);
        assertEquals(1, logged.size(), String.join("\n", logged));
        assertTrue(logged.get(0).contains("large values stay in the heap"), logged.get(0));
        assertNotEquals(0, text.length());
    }
}
