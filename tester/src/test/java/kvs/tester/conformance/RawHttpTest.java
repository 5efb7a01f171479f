package kvs.tester.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** The raw client sends exactly what it is told and reads every framing of an answer; expectations say what is wrong. */
class RawHttpTest {
    /** Answers one connection with {@code answer} and returns the request's bytes as text. */
    private static CompletableFuture<String> serveOnce(ServerSocket server, String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(2000);
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                byte[] buffer = new byte[4096];
                while (!request.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    int n = in.read(buffer);
                    if (n < 0) break;
                    request.write(buffer, 0, n);
                }
                String text = request.toString(StandardCharsets.ISO_8859_1);
                int length = text.contains("Content-Length: ") ? Integer.parseInt(text.replaceAll("(?s).*Content-Length: (\\d+).*", "$1")) : 0;
                int have = request.size() - text.indexOf("\r\n\r\n") - 4;
                if (length > have) request.write(in.readNBytes(length - have));
                socket.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                return request.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Answer exchange(String answer, String method, Optional<byte[]> body, boolean contentType, StringBuilder sent)
            throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<String> request = serveOnce(server, answer);
            Answer got = new RawHttp(Duration.ofSeconds(2)).send("127.0.0.1:" + server.getLocalPort(), method, "/kvs/k", body, contentType);
            sent.append(request.get());
            return got;
        }
    }

    @Test
    void aGetWithNoBodySendsNoLengthAndReadsAChunkedAnswer() throws Exception {
        StringBuilder sent = new StringBuilder();
        Answer answer = exchange("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n", "GET", Optional.empty(), true, sent);
        assertFalse(sent.toString().contains("Content-Length"), sent.toString());
        assertFalse(sent.toString().contains("Content-Type"), sent.toString());
        assertEquals(200, answer.status());
        assertEquals("{\"a\":1}", answer.text());
        assertTrue(answer.isJsonContentType());
    }

    @Test
    void aBodyWithoutContentTypeIsSentAsIsAndAnAnswerWithoutLengthIsReadToTheEnd() throws Exception {
        StringBuilder sent = new StringBuilder();
        Answer answer = exchange("HTTP/1.0 404 NOT FOUND\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<h1>Not Found</h1>", "DELETE",
                Optional.of("{\"causal-metadata\":null}".getBytes(StandardCharsets.UTF_8)), false, sent);
        assertTrue(sent.toString().startsWith("DELETE /kvs/k HTTP/1.1\r\n"), sent.toString());
        assertTrue(sent.toString().contains("Content-Length: 24\r\n") && !sent.toString().contains("Content-Type"), sent.toString());
        assertTrue(sent.toString().endsWith("{\"causal-metadata\":null}"), sent.toString());
        assertEquals("<h1>Not Found</h1>", answer.text());
        Optional<String> problem = Expect.error(404, "Key does not exist").check(answer);
        assertEquals(Optional.of("Content-Type is 'text/html; charset=utf-8', not application/json"), problem);
    }

    @Test
    void expectationsNameWhatIsWrong() {
        Answer extra = new Answer(201, java.util.Map.of("content-type", "application/json"),
                "{\"result\":\"created\",\"causal-metadata\":{\"a\":1},\"debug\":true}".getBytes(StandardCharsets.UTF_8), Optional.empty(), 3);
        assertEquals(Optional.of("unexpected [debug]"), Expect.result(201, "created").check(extra));
        Answer typed = new Answer(200, java.util.Map.of("content-type", "application/json"),
                "{\"result\":\"found\",\"value\":\"1\",\"causal-metadata\":{}}".getBytes(StandardCharsets.UTF_8), Optional.empty(), 3);
        assertEquals(Optional.of("value is \"1\", not 1"), Expect.found(JsonValues.of("1")).check(typed));
        assertEquals(Optional.empty(), Expect.found(JsonValues.of("\"1\"")).check(typed));
        assertEquals(Optional.of("no answer"), Expect.clientError().check(Answer.noAnswer("refused", 1)));
    }

    @Test
    void aServerThatNeverAnswersIsNoAnswerAfterTheTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Answer answer = new RawHttp(Duration.ofMillis(300)).send("127.0.0.1:" + server.getLocalPort(), "GET", "/view",
                    Optional.empty(), true);
            assertFalse(answer.answered());
            assertTrue(answer.describe().contains("no answer within 300 ms"), answer.describe());
        }
    }
}
