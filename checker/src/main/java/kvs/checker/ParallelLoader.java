package kvs.checker;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import kvs.checker.causal.History;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryFormatException;
import kvs.checker.history.HistoryReader;
import kvs.checker.history.RawEvent;

/**
 * Reads a large history file on two threads: the file is cut at a line boundary; a helper thread
 * parses the second part into a compact buffer while the calling thread parses the first part
 * straight into the {@link History}; then the buffer is replayed, so events still enter in file
 * order. Line numbers in errors are those of the whole file.
 */
final class ParallelLoader {
    static final long PARALLEL_BYTES_MIN = 16L << 20;
    /**
     * Where the file is cut, in percent of its size. The calling thread does more per line (it
     * fills the history, then replays the helper's part), so its part is the smaller one: measured
     * on the 1M benchmark history (warm, 2 cores), the helper finished its half at 320 ms, the
     * calling thread at 424 ms, and the replay took 82 ms more; a cut at 45 % evens the two parts.
     */
    static final int SPLIT_PERCENT = 45;

    private ParallelLoader() {}

    static History load(Path file) throws IOException {
        return load(file, PARALLEL_BYTES_MIN);
    }

    /** {@code parallelBytesMin}: files smaller than this are read on the calling thread alone. */
    static History load(Path file, long parallelBytesMin) throws IOException {
        History h = new History();
        long size = Files.size(file);
        if (size < parallelBytesMin) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                HistoryReader.forEach(in, false, h::add);
            }
            return h;
        }
        long split = lineStartAfter(file, size * SPLIT_PERCENT / 100);
        Buffer second = new Buffer();
        Thread helper = new Thread(() -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.position(split);
                InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
                HistoryReader.forEachInPart(in, false, second::add);
            } catch (Throwable e) {
                second.failure = e;
            }
        }, "kvs-check-reader");
        helper.setDaemon(true);
        helper.start();
        long linesBefore;
        try (InputStream raw = Files.newInputStream(file)) {
            CountingPrefix first = new CountingPrefix(raw, split);
            HistoryReader.forEach(new BufferedInputStream(first, 1 << 16), false, h::add);
            linesBefore = first.newlines;
        } finally {
            try {
                helper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading " + file, e);
            }
        }
        if (second.failure instanceof HistoryFormatException e) throw e.shifted(linesBefore);
        if (second.failure instanceof IOException e) throw e;
        if (second.failure instanceof RuntimeException e) throw e;
        if (second.failure instanceof Error e) throw e;
        second.replayInto(h, linesBefore);
        return h;
    }

    /** The offset just after the first newline at or after {@code from} (the file's size if none). */
    private static long lineStartAfter(Path file, long from) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long pos = from;
            while (true) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n <= 0) return ch.size();
                for (int i = 0; i < n; i++) if (buf.get(i) == '\n') return pos + i + 1;
                pos += n;
            }
        }
    }

    /** The first {@code limit} bytes of a stream, counting the newlines that pass. */
    private static final class CountingPrefix extends FilterInputStream {
        private long remaining;
        long newlines;

        CountingPrefix(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = super.read();
            if (b >= 0) {
                remaining--;
                if (b == '\n') newlines++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
                for (int i = off; i < off + n; i++) if (b[i] == '\n') newlines++;
            }
            return n;
        }
    }

    /** The events of the second half, in columns. */
    private static final class Buffer {
        private static final HistoryEvent.Type[] TYPES = HistoryEvent.Type.values();
        private static final HistoryEvent.Op[] OPS = HistoryEvent.Op.values();
        private byte[] typeOp = new byte[1 << 12];
        private long[] time = new long[1 << 12];
        private long[] line = new long[1 << 12];
        private final List<String> strings = new ArrayList<>(1 << 14);
        /** Rare: the faults of the part, and its unexpected answers by event index. */
        private final List<kvs.checker.history.FaultEvent> faults = new ArrayList<>();
        private final java.util.TreeMap<Integer, String> unexpected = new java.util.TreeMap<>();
        private int size;
        volatile Throwable failure;

        void add(RawEvent e, long lineNumber) {
            if (e.isFault()) {
                faults.add(e.fault);
                return;
            }
            if (e.unexpected != null) unexpected.put(size, e.unexpected);
            if (size == typeOp.length) {
                int n = size * 2;
                typeOp = Arrays.copyOf(typeOp, n);
                time = Arrays.copyOf(time, n);
                line = Arrays.copyOf(line, n);
            }
            typeOp[size] = (byte) (e.type.ordinal() | e.op.ordinal() << 2 | (e.found ? 16 : 0) | (e.finalRead ? 32 : 0));
            time[size] = e.timeNanos;
            line[size] = lineNumber;
            strings.add(e.session);
            strings.add(e.key);
            strings.add(e.value);
            strings.add(e.replica);
            size++;
        }

        void replayInto(History h, long linesBefore) {
            RawEvent e = new RawEvent();
            for (int i = 0; i < size; i++) {
                int bits = typeOp[i];
                e.type = TYPES[bits & 3];
                e.op = OPS[(bits >> 2) & 3];
                e.found = (bits & 16) != 0;
                e.finalRead = (bits & 32) != 0;
                e.timeNanos = time[i];
                e.session = strings.get(4 * i);
                e.key = strings.get(4 * i + 1);
                e.value = strings.get(4 * i + 2);
                e.replica = strings.get(4 * i + 3);
                e.unexpected = unexpected.get(i);
                h.add(e, line[i] + linesBefore);
            }
            for (kvs.checker.history.FaultEvent f : faults) h.addFault(f);
        }
    }
}
