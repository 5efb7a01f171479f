package kvs.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive locks on files, good across processes (an OS file lock) and across threads of this
 * process (the JVM refuses a second OS lock on a file it already locks, so threads queue on a
 * {@link ReentrantLock} first). Two shells, or two threads of a test, take turns.
 */
public final class FileLocks {
    private FileLocks() {}

    /** One lock per absolute path; the map is only ever looked up, never iterated. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** A held lock; closing it releases both levels. */
    public static final class Held implements AutoCloseable {
        private final ReentrantLock threadLock;
        private final FileLock fileLock;

        private Held(ReentrantLock threadLock, FileLock fileLock) {
            this.threadLock = threadLock;
            this.fileLock = fileLock;
        }

        @Override
        public void close() throws IOException {
            try {
                fileLock.release();
            } finally {
                threadLock.unlock();
            }
        }
    }

    /** Blocks until {@code channel}'s file, opened for writing at {@code path}, is exclusively ours. */
    public static Held lock(Path path, FileChannel channel) throws IOException {
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(path.toAbsolutePath().normalize(), p -> new ReentrantLock());
        threadLock.lock();
        try {
            return new Held(threadLock, channel.lock());
        } catch (IOException | RuntimeException e) {
            threadLock.unlock();
            throw e;
        }
    }
}
