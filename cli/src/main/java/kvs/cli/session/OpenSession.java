package kvs.cli.session;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import kvs.cli.FileLocks;
import kvs.core.Check;

/** A session locked for one command: read at open, saved (atomically) as often as needed, unlocked at close. */
public final class OpenSession implements AutoCloseable {
    private final Path file;
    private final FileChannel lockChannel;
    private final FileLocks.Held lock;
    private SessionFile state;
    private boolean closed;

    OpenSession(Path file, SessionFile state, FileChannel lockChannel, FileLocks.Held lock) {
        this.file = file;
        this.state = state;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public SessionFile state() {
        return state;
    }

    public Path file() {
        return file;
    }

    public void save(SessionFile next) throws IOException {
        Check.that(!closed, "session %s saved after it was closed", state.name());
        Check.argument(next.name().equals(state.name()), "a session cannot be saved under another name");
        SessionStore.writeAtomically(file, next);
        state = next;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            lock.close();
        } finally {
            lockChannel.close();
        }
    }
}
