package kvs.cli.record;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryWriter;

/**
 * Records a workload's events into one file through one buffered writer shared by its sessions
 * (a lock per event, no file lock: the workload owns the file while it runs). Appends to an
 * existing history without a second header.
 */
public final class StreamRecorder implements Recorder, AutoCloseable {
    private final Path file;
    private final HistoryWriter writer;
    private long events;

    public StreamRecorder(Path file) throws IOException {
        this.file = file.toAbsolutePath();
        Path parent = this.file.getParent();
        if (parent != null) Files.createDirectories(parent);
        boolean fresh = !Files.exists(this.file) || Files.size(this.file) == 0;
        BufferedWriter out = Files.newBufferedWriter(this.file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.writer = new HistoryWriter(out, fresh);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void record(HistoryEvent event) {
        writer.write(event);
        events++;
    }

    public synchronized long events() {
        return events;
    }

    /** Writes out what is buffered; every event is whole, since events are written under this lock. */
    public synchronized void flush() {
        writer.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        writer.flush();
        writer.close();
    }
}
