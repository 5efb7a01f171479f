package kvs.tester.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP/1.1 client on a bare socket, so that a conformance check sends exactly the bytes it means
 * (a GET with no body, an empty body, a body with no {@code Content-Type}, a path with invalid
 * UTF-8) and sees exactly what came back. One request per connection ({@code Connection: close}).
 */
final class RawHttp {
    /** Largest answer body kept; the rest is read and dropped. */
    static final int BODY_BYTES_MAX = 1 << 20;
    private static final int HEAD_BYTES_MAX = 64 << 10;

    private final Duration timeout;

    RawHttp(Duration timeout) {
        this.timeout = timeout;
    }

    /** One request: {@code body} empty means no body and no {@code Content-Length} at all. */
    Answer send(String address, String method, String path, Optional<byte[]> body, boolean jsonContentType) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        long started = System.nanoTime();
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(address).append("\r\n")
                    .append("Accept: application/json\r\n")
                    .append("Connection: close\r\n");
            if (body.isPresent()) {
                if (jsonContentType) head.append("Content-Type: application/json\r\n");
                head.append("Content-Length: ").append(body.get().length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body.isPresent()) out.write(body.get());
            out.flush();
            Answer answer = read(socket.getInputStream(), method.equals("HEAD"));
            return answer.withMillis(elapsedMillis(started));
        } catch (SocketTimeoutException e) {
            return Answer.noAnswer("no answer within " + timeout.toMillis() + " ms", elapsedMillis(started));
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Answer.noAnswer("connection failed: " + reason, elapsedMillis(started));
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static Answer read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return Answer.noAnswer("not an HTTP answer: '" + shorten(statusLine, 80) + "'", 0);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return Answer.noAnswer("bad status line: '" + shorten(statusLine, 80) + "'", 0);
        }
        Map<String, String> headers = new TreeMap<>();
        int headBytes = statusLine.length();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            headBytes += line.length();
            if (headBytes > HEAD_BYTES_MAX) throw new IOException("answer head longer than " + HEAD_BYTES_MAX + " bytes");
            int colon = line.indexOf(':');
            if (colon > 0) headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        byte[] body;
        if (head || status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in);
        } else if (headers.containsKey("content-length")) {
            body = upTo(in, Long.parseLong(headers.get("content-length").trim()));
        } else {
            body = upTo(in, Long.MAX_VALUE);
        }
        return new Answer(status, headers, body, Optional.empty(), 0);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are not used by the API
                }
                return out.toByteArray();
            }
            out.writeBytes(upTo(in, size));
            line(in);
        }
    }

    /** Reads {@code length} bytes (or to the end), keeping at most {@link #BODY_BYTES_MAX}. */
    private static byte[] upTo(InputStream in, long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) break;
            if (out.size() < BODY_BYTES_MAX) out.write(buffer, 0, Math.min(n, BODY_BYTES_MAX - out.size()));
            left -= n;
        }
        return out.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (out.size() == 0) throw new IOException("connection closed before an answer");
                break;
            }
            if (out.size() > HEAD_BYTES_MAX) throw new IOException("header line longer than " + HEAD_BYTES_MAX + " bytes");
            if (b != '\r') out.write(b);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
