package kvs.cli.record;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryWriter;
import kvs.cli.FileLocks;

/**
 * Appends each event to a history file as it happens, under the file's lock, so several shells
 * (or threads) may record into one file: each line is written whole, and only the first writer
 * of an empty file writes the header. Times are {@link System#nanoTime()}, which on Linux is the
 * system-wide monotonic clock, so events of separate invocations on one machine are ordered.
 */
public final class AppendingFileRecorder implements Recorder {
    private final Path file;

    public AppendingFileRecorder(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    /** Creates the parent folder and checks the file can be opened, so a bad path fails before any request. */
    public void prepare() throws IOException {
        Path parent = file.getParent();
        if (parent != null) Files.createDirectories(parent);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.size();
        }
    }

    @Override
    public void record(HistoryEvent event) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            FileLocks.Held held = FileLocks.lock(file, channel);
            try {
                StringWriter text = new StringWriter(256);
                HistoryWriter writer = new HistoryWriter(text, channel.size() == 0);
                writer.write(event);
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) channel.write(bytes);
            } finally {
                held.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to history file " + file + ": " + e.getMessage(), e);
        }
    }
}
