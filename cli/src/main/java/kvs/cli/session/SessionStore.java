package kvs.cli.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import kvs.cli.FileLocks;
import kvs.cli.Json;

/**
 * Sessions on disk: {@code <dir>/<name>.json}, guarded by {@code <dir>/<name>.lock}.
 *
 * <p>A command opens its session ({@link #open}), which takes the session's exclusive lock and
 * holds it until the command has saved the new metadata: two shells on one session thus take turns
 * as one sequential client, and neither loses the other's update (a lock held only around the write
 * would let both start from the same metadata, and the slower would overwrite the faster). A save
 * writes a temporary file and renames it over the old one, so a reader (or a crash) sees the old
 * file or the new, never half of one.
 */
public final class SessionStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path dir;

    public SessionStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Session names are file names: letters, digits, {@code . _ -}, at most 64, not starting with a dot. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad session name '" + name
                    + "': use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    public Path fileOf(String name) {
        checkName(name);
        return dir.resolve(name + ".json");
    }

    /** The names of the sessions on disk, sorted. */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) return names;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".json".length());
                if (NAME.matcher(name).matches()) names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    /** Reads a session without locking it (a rename makes every read see a whole file); empty if it does not exist. */
    public Optional<SessionFile> peek(String name) throws IOException {
        Path file = fileOf(name);
        if (!Files.exists(file)) return Optional.empty();
        return Optional.of(parse(file, name));
    }

    /** Locks the session (waiting for another command that holds it) and reads it; a new session starts empty. */
    public OpenSession open(String name) throws IOException {
        return open(name, false);
    }

    /** Like {@link #open}, but an unreadable file is taken for a fresh session (with a new history epoch) to overwrite. */
    public OpenSession openForReset(String name) throws IOException {
        return open(name, true);
    }

    private OpenSession open(String name, boolean overwriteUnreadable) throws IOException {
        Path file = fileOf(name);
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(name + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLocks.Held held;
        try {
            held = FileLocks.lock(lockFile, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        try {
            SessionFile state;
            try {
                state = Files.exists(file) ? parse(file, name) : SessionFile.fresh(name);
            } catch (SessionFileException e) {
                if (!overwriteUnreadable) throw e;
                state = SessionFile.fresh(name);
            }
            return new OpenSession(file, state, channel, held);
        } catch (IOException | RuntimeException e) {
            held.close();
            channel.close();
            throw e;
        }
    }

    private static SessionFile parse(Path file, String name) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Optional<JsonNode> json = Json.parse(text);
        if (json.isEmpty()) throw new SessionFileException(file, "not JSON");
        SessionFile session;
        try {
            session = SessionFile.fromJson(json.get());
        } catch (IllegalArgumentException e) {
            throw new SessionFileException(file, e.getMessage());
        }
        if (!session.name().equals(name)) throw new SessionFileException(file, "it names session '" + session.name() + "'");
        return session;
    }

    /** Writes {@code session} to {@code file} atomically: a temporary file in the same folder, synced, then renamed. */
    static void writeAtomically(Path file, SessionFile session) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + session.name() + ".", ".tmp");
        try {
            byte[] bytes = (Json.pretty(session.toJson()) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) out.write(buffer);
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A session file that exists but cannot be read as one. */
    public static final class SessionFileException extends IOException {
        public SessionFileException(Path file, String problem) {
            super("session file " + file + " is unreadable (" + problem + "); 'kvs-cli session reset' starts it afresh");
        }
    }
}
