package kvs.replica;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

import kvs.core.replica.ValueText;

/**
 * Large values kept outside the Java heap, so that a replica's store can be larger than its heap.
 *
 * <p>A value of at least {@code thresholdChars} characters is stored as UTF-8 in a slot of a
 * memory-mapped file; the heap keeps a small handle ({@link ValueText}) that the core passes around
 * like any value. The files are deleted as soon as they are mapped, so nothing is left on disk when
 * the process ends, however it ends; the operating system pages them between memory and disk. This
 * is not durability: a restarted replica starts empty, as before, and catches up from its peers.
 *
 * <p>Slots come in power-of-two sizes from 1 KiB up; each size has its own segments (mapped regions,
 * the first small, each next one twice as large up to {@link #SEGMENT_BYTES_MAX}) and a list of free
 * slots. A slot is freed when its handle is garbage collected (a {@link Cleaner}), never by the core,
 * which knows nothing of this. Because the heap holds only handles, collections can be rare while
 * the files fill with dead values; so, like the JDK does for direct buffers, the spill asks for a
 * collection before it maps more once as many bytes have been spilled since the last one as were
 * live then (and at least {@code collectAfterBytesMin}).
 *
 * <p>Segments are filled with zeros on disk before they are mapped, so that a full disk shows as an
 * {@link IOException} here (the value then stays in the heap, and one line is logged) and never as a
 * fault when a mapped page is first written.
 */
public final class ValueSpill {
    /** Values shorter than this stay in the heap: a handle and its cleaner cost about 150 bytes. */
    public static final int THRESHOLD_CHARS_DEFAULT = 1024;
    static final int SLOT_SHIFT_MIN = 10;
    static final int SEGMENT_BYTES_MIN = 1 << 20;
    static final int SEGMENT_BYTES_MAX = 64 << 20;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    private final Path directory;
    private final int thresholdChars;
    private final long collectAfterBytesMin;
    private final Consumer<String> log;
    /** Every mapped segment, by index; replaced (copied) when one is added, so reads take no lock. */
    private volatile MappedByteBuffer[] segments = new MappedByteBuffer[0];
    private final SizeClass[] classes = new SizeClass[32];

    private long liveBytes;
    private long mappedBytes;
    private long spilledSinceCollection;
    private long liveAtCollection;
    private long collections;
    private boolean diskFailureLogged;

    /** A spill in {@code directory} for values of at least {@code thresholdChars} characters. */
    public ValueSpill(Path directory, int thresholdChars, long collectAfterBytesMin, Consumer<String> log) {
        if (thresholdChars < 1) throw new IllegalArgumentException("thresholdChars must be positive");
        this.directory = directory;
        this.thresholdChars = thresholdChars;
        this.collectAfterBytesMin = collectAfterBytesMin;
        this.log = log;
    }

    /**
     * The spill a replica process uses: in {@code KVS_SPILL_DIR} if set, else the temporary directory.
     */
    public static ValueSpill forProcess(Consumer<String> log) {
        String dir = System.getenv("KVS_SPILL_DIR");
        Path directory = Path.of(dir != null && !dir.isEmpty() ? dir : System.getProperty("java.io.tmpdir"));
        return new ValueSpill(directory, THRESHOLD_CHARS_DEFAULT, 256L << 20, log);
    }

    /** {@code text} as a value: in a slot outside the heap when it is long enough, else as it is. */
    public ValueText of(String text) {
        if (text.length() < thresholdChars) return ValueText.of(text);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int shift = Math.max(SLOT_SHIFT_MIN, 32 - Integer.numberOfLeadingZeros(utf8.length - 1));
        if (shift > 30 || (1 << shift) > SEGMENT_BYTES_MAX) return ValueText.of(text);
        long slot;
        try {
            slot = allocate(shift);
        } catch (IOException e) {
            diskFailed(e);
            return ValueText.of(text);
        }
        segment(slot).put(offset(slot), utf8);
        Spilled value = new Spilled(this, slot, utf8.length, text.length());
        CLEANER.register(value, new Release(this, slot, shift));
        return value;
    }

    /** Bytes in slots of live (or not yet collected) values, and bytes mapped, for tests and logs. */
    public synchronized long liveBytes() {
        return liveBytes;
    }

    public synchronized long mappedBytes() {
        return mappedBytes;
    }

    public synchronized long collectionsRequested() {
        return collections;
    }

    // ---------------------------------------------------------------- slots

    private long allocate(int shift) throws IOException {
        if (needsNewSegment(shift) && collectionDue()) {
            System.gc(); // freed slots come back through the cleaner, shortly
        }
        synchronized (this) {
            SizeClass c = sizeClass(shift);
            long slot;
            if (c.freeCount > 0) {
                slot = c.free[--c.freeCount];
            } else {
                if (c.segment < 0 || c.nextOffset + (1 << shift) > segments[c.segment].capacity()) {
                    c.segment = map(c.nextSegmentBytes);
                    c.nextOffset = 0;
                    c.nextSegmentBytes = Math.min(SEGMENT_BYTES_MAX, c.nextSegmentBytes * 2);
                }
                slot = ((long) c.segment << 32) | c.nextOffset;
                c.nextOffset += 1 << shift;
            }
            liveBytes += 1 << shift;
            spilledSinceCollection += 1 << shift;
            return slot;
        }
    }

    /** True when a slot of this size can only come from a segment not mapped yet. */
    private synchronized boolean needsNewSegment(int shift) {
        SizeClass c = sizeClass(shift);
        return c.freeCount == 0 && (c.segment < 0 || c.nextOffset + (1 << shift) > segments[c.segment].capacity());
    }

    private synchronized boolean collectionDue() {
        if (spilledSinceCollection < Math.max(collectAfterBytesMin, liveAtCollection)) return false;
        spilledSinceCollection = 0;
        liveAtCollection = liveBytes;
        collections++;
        return true;
    }

    private synchronized void release(long slot, int shift) {
        SizeClass c = sizeClass(shift);
        if (c.freeCount == c.free.length) c.free = Arrays.copyOf(c.free, Math.max(16, c.free.length * 2));
        c.free[c.freeCount++] = slot;
        liveBytes -= 1 << shift;
    }

    private SizeClass sizeClass(int shift) {
        if (classes[shift] == null) {
            classes[shift] = new SizeClass(Math.max(SEGMENT_BYTES_MIN, Math.min(SEGMENT_BYTES_MAX, 4 << shift)));
        }
        return classes[shift];
    }

    /** Maps a new segment of {@code bytes} (zero-filled on disk first); returns its index. */
    private int map(int bytes) throws IOException {
        Path file = Files.createTempFile(directory, "kvs-values-", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (long at = 0; at < bytes; ) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int) Math.min(zeros.capacity(), bytes - at));
                at += channel.write(zeros, at);
            }
            MappedByteBuffer segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
            MappedByteBuffer[] grown = Arrays.copyOf(segments, segments.length + 1);
            grown[segments.length] = segment;
            segments = grown;
            mappedBytes += bytes;
            return grown.length - 1;
        } finally {
            Files.deleteIfExists(file); // the mapping outlives the name
        }
    }

    private MappedByteBuffer segment(long slot) {
        return segments[(int) (slot >>> 32)];
    }

    private static int offset(long slot) {
        return (int) slot;
    }

    private void diskFailed(IOException e) {
        boolean first;
        synchronized (this) {
            first = !diskFailureLogged;
            diskFailureLogged = true;
        }
        if (first) {
            log.accept("cannot spill values to " + directory + " (" + e.getMessage()
                    + "); large values stay in the heap");
        }
    }

    private static final class SizeClass {
        int segment = -1;
        int nextOffset;
        int nextSegmentBytes;
        long[] free = new long[0];
        int freeCount;

        SizeClass(int firstSegmentBytes) {
            this.nextSegmentBytes = firstSegmentBytes;
        }
    }

    /** Gives a collected value's slot back; holds no reference to the value itself. */
    private record Release(ValueSpill spill, long slot, int shift) implements Runnable {
        @Override
        public void run() {
            spill.release(slot, shift);
        }
    }

    /** A value in a slot. Immutable: the slot is written once, before the handle exists. */
    private static final class Spilled implements ValueText {
        private final ValueSpill spill;
        private final long slot;
        private final int bytes;
        private final int chars;

        Spilled(ValueSpill spill, long slot, int bytes, int chars) {
            this.spill = spill;
            this.slot = slot;
            this.bytes = bytes;
            this.chars = chars;
        }

        @Override
        public int length() {
            return chars;
        }

        @Override
        public String text() {
            try {
                byte[] utf8 = new byte[bytes];
                spill.segment(slot).get(offset(slot), utf8);
                return new String(utf8, StandardCharsets.UTF_8);
            } finally {
                Reference.reachabilityFence(this); // the slot is not freed while it is being read
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ValueText other && other.length() == chars && other.text().equals(text());
        }

        @Override
        public int hashCode() {
            return text().hashCode();
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
