package kvs.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection to a replica: writes a request, reads one response (by
 * {@code Content-Length}, chunked, or up to the end of the stream), and says whether the connection
 * may carry another request. Not thread-safe: one exchange at a time, which the pool guarantees.
 *
 * <p>Every read waits at most until the request's deadline, so a server that accepts and then hangs
 * costs the request timeout, not more. The header section is bounded ({@link #HEADER_BYTES_MAX}),
 * and so is the body (the caller's limit).
 */
final class HttpConnection implements AutoCloseable {
    /** Largest status line and headers of one response. */
    static final int HEADER_BYTES_MAX = 64 << 10;
    private static final int BUFFER_BYTES = 8 << 10;

    private final SocketChannel channel;
    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private long deadlineNanos;
    private boolean answerStarted;

    private HttpConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = channel.socket().getInputStream();
    }

    /** Opens a connection, waiting at most {@code connectTimeoutMillis}. */
    static HttpConnection open(InetSocketAddress address, int connectTimeoutMillis) throws IOException {
        if (address.isUnresolved()) throw new UnknownHostException(address.getHostString());
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(address, connectTimeoutMillis);
            channel.socket().setTcpNoDelay(true);
            return new HttpConnection(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The bytes of a request: request line, Host, Accept, and with a body its type and length. */
    static byte[] request(String method, String path, String host, Optional<String> body) {
        return request(method, path, host, body, Map.of());
    }

    /** A request with extra headers (sent in name order); a name or value with a line break is refused. */
    static byte[] request(String method, String path, String host, Optional<String> body, Map<String, String> headers) {
        byte[] content = body.map(b -> b.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        StringBuilder head = new StringBuilder(128)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Accept: application/json\r\n");
        for (Map.Entry<String, String> h : new TreeMap<>(headers).entrySet()) {
            if ((h.getKey() + h.getValue()).chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IllegalArgumentException("a header name or value has a line break: " + h.getKey());
            }
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (body.isPresent()) {
            head.append("Content-Type: application/json\r\n").append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        return all;
    }

    /** An answer: status, headers (names in lower case) and body. */
    record Response(int status, Map<String, String> headers, byte[] body, boolean keepAlive) {
        Optional<String> header(String lowerCaseName) {
            return Optional.ofNullable(headers.get(lowerCaseName));
        }
    }

    /** A body over the caller's limit; the connection cannot be reused. */
    static final class BodyTooLargeException extends IOException {
        private final int status;
        private final String contentType;

        BodyTooLargeException(int status, String contentType) {
            super("body too large");
            this.status = status;
            this.contentType = contentType;
        }

        int status() {
            return status;
        }

        /** The answer's {@code Content-Type}, empty when absent. */
        String contentType() {
            return contentType;
        }
    }

    /** Whether any byte of the current exchange's answer has arrived. */
    boolean answerStarted() {
        return answerStarted;
    }

    /**
     * True when the connection is idle and still open as far as can be told without waiting: the
     * server has neither closed it nor sent anything unasked.
     */
    boolean stillOpen() {
        if (!channel.isOpen() || position < limit) return false;
        try {
            channel.configureBlocking(false);
            int read = channel.read(ByteBuffer.allocate(1));
            channel.configureBlocking(true);
            return read == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends {@code request} and reads its response, all within {@code timeoutMillis}. */
    Response exchange(byte[] request, long timeoutMillis, int bodyBytesMax) throws IOException {
        deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
        answerStarted = false;
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) channel.write(out);
        while (true) {
            String statusLine = line();
            int status = status(statusLine);
            Map<String, String> headers = headers();
            if (status >= 100 && status < 200) continue; // 100 Continue and the like: the answer follows
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
            byte[] body;
            String contentType = headers.getOrDefault("content-type", "");
            if (status == 204 || status == 304) {
                body = new byte[0];
            } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
                body = chunked(status, contentType, bodyBytesMax);
            } else if (headers.containsKey("content-length")) {
                body = exactly(status, contentType, contentLength(headers.get("content-length")), bodyBytesMax);
            } else {
                body = toEnd(status, contentType, bodyBytesMax);
                keepAlive = false;
            }
            return new Response(status, headers, body, keepAlive);
        }
    }

    private static int status(String statusLine) throws IOException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x answer: " + shorten(statusLine));
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + shorten(statusLine));
        }
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new TreeMap<>();
        int bytes = 0;
        while (true) {
            String line = line();
            if (line.isEmpty()) return headers;
            bytes += line.length();
            if (bytes > HEADER_BYTES_MAX) throw new IOException("headers longer than " + HEADER_BYTES_MAX + " bytes");
            int colon = line.indexOf(':');
            if (colon <= 0) throw new IOException("bad header line: " + shorten(line));
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
    }

    private static int contentLength(String text) throws IOException {
        try {
            long length = Long.parseLong(text.trim());
            if (length < 0 || length > Integer.MAX_VALUE) throw new IOException("bad Content-Length: " + text);
            return (int) length;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + shorten(text));
        }
    }

    private byte[] exactly(int status, String contentType, int length, int bodyBytesMax) throws IOException {
        if (length > bodyBytesMax) throw new BodyTooLargeException(status, contentType);
        byte[] body = new byte[length];
        int filled = 0;
        while (filled < length) {
            if (position == limit) fill();
            int n = Math.min(length - filled, limit - position);
            System.arraycopy(buffer, position, body, filled, n);
            position += n;
            filled += n;
        }
        return body;
    }

    private byte[] chunked(int status, String contentType, int bodyBytesMax) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + shorten(sizeLine));
            }
            if (size < 0) throw new IOException("bad chunk size: " + shorten(sizeLine));
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailer fields are ignored
                }
                return body.toByteArray();
            }
            if ((long) body.size() + size > bodyBytesMax) throw new BodyTooLargeException(status, contentType);
            body.write(exactly(status, contentType, size, bodyBytesMax));
            if (!line().isEmpty()) throw new IOException("chunk not followed by CRLF");
        }
    }

    private byte[] toEnd(int status, String contentType, int bodyBytesMax) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            if (position == limit && !fillOrEnd()) return body.toByteArray();
            int n = limit - position;
            if ((long) body.size() + n > bodyBytesMax) throw new BodyTooLargeException(status, contentType);
            body.write(buffer, position, n);
            position = limit;
        }
    }

    /** One line without its CRLF (a bare LF is accepted), read as ISO-8859-1 as HTTP/1.1 headers are. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (position == limit) fill();
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
                return line.toString();
            }
            if (line.length() >= HEADER_BYTES_MAX) throw new IOException("header line longer than " + HEADER_BYTES_MAX + " bytes");
            line.append((char) (b & 0xff));
        }
    }

    private void fill() throws IOException {
        if (!fillOrEnd()) throw new EOFException("connection closed by the server");
    }

    private boolean fillOrEnd() throws IOException {
        long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000L;
        if (remainingMillis <= 0) throw new SocketTimeoutException("request timeout");
        channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) return false;
        answerStarted = true;
        position = 0;
        limit = n;
        return true;
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a socket that failed: nothing more to do
        }
    }
}
