package kvs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kvs.cli.session.OpenSession;
import kvs.cli.session.SessionFile;
import kvs.cli.session.SessionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
    @TempDir
    Path dir;

    @Test
    void aSavedSessionReadsBackExactly() throws Exception {
        SessionStore store = new SessionStore(dir);
        try (OpenSession open = store.open("alice")) {
            assertEquals(SessionFile.fresh("alice"), open.state());
            open.save(open.state().afterOperation(Json.parse("{\"r1#a\":3,\"x\":1.50}").orElseThrow(), 2, "127.0.0.1:1",
                    Instant.parse("2026-01-02T03:04:05Z")));
        }
        SessionFile read = store.peek("alice").orElseThrow();
        assertEquals("{\"r1#a\":3,\"x\":1.50}", Json.compact(read.metadata()));
        assertEquals(2, read.historyEpoch());
        assertEquals(1, read.operations());
        assertEquals(List.of("alice"), store.names());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary file is left behind");
        }
    }

    @Test
    void sessionNamesThatAreNotPlainFileNamesAreRefused() {
        for (String bad : List.of("", "../x", ".hidden", "a/b", "x".repeat(65), "a b")) {
            assertThrows(IllegalArgumentException.class, () -> SessionStore.checkName(bad), bad);
        }
        SessionStore.checkName("alice-2.test_x");
    }

    @Test
    void anUnreadableSessionFileIsReportedAndResetOverwritesIt() throws Exception {
        SessionStore store = new SessionStore(dir);
        Files.writeString(dir.resolve("bob.json"), "{not json");
        SessionStore.SessionFileException e = assertThrows(SessionStore.SessionFileException.class, () -> store.open("bob"));
        assertTrue(e.getMessage().contains("session reset"), e.getMessage());
        try (OpenSession open = store.openForReset("bob")) {
            open.save(open.state().reset(Instant.now()));
        }
        assertEquals(1, store.peek("bob").orElseThrow().historyEpoch());
    }

    @Test
    void concurrentCommandsOnOneSessionNeverLoseAnUpdate() throws Exception {
        SessionStore store = new SessionStore(dir);
        int threads = 8;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        try (OpenSession open = store.open("shared")) {
                            int seen = open.state().metadata().asInt(0);
                            open.save(open.state().afterOperation(IntNode.valueOf(seen + 1), 0, "127.0.0.1:1", Instant.now()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        SessionFile last = store.peek("shared").orElseThrow();
        assertEquals(threads * rounds, last.metadata().asInt());
        assertEquals(threads * rounds, last.operations());
    }
}
