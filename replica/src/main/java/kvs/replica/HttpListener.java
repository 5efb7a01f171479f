package kvs.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;

import kvs.core.Limits;

/**
 * The replica's HTTP/1.1 listener: Undertow's HTTP protocol on an XNIO worker, assembled by hand
 * (as {@code Undertow.start} does) for one reason: each connection's output passes through
 * {@link JsonBadRequest}, so that a request Undertow cannot parse gets the API's JSON error body
 * instead of Undertow's fixed empty 400. Timeouts close connections that are slow to send their
 * request line and headers, or idle; request bodies are bounded by the replica itself.
 */
final class HttpListener implements AutoCloseable {
    /** Exactly what Undertow writes, in one buffer, when it cannot parse a request. */
    private static final byte[] UNDERTOW_BAD_REQUEST =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_BAD_REQUEST = jsonBadRequest();

    private final XnioWorker worker;
    private final AcceptingChannel<StreamConnection> server;

    private HttpListener(XnioWorker worker, AcceptingChannel<StreamConnection> server) {
        this.worker = worker;
        this.server = server;
    }

    static HttpListener start(int port, HttpHandler handler, Limits limits) {
        try {
            Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
            XnioWorker worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, 2)
                    .set(Options.WORKER_TASK_CORE_THREADS, 2)
                    .set(Options.WORKER_TASK_MAX_THREADS, 2)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                    .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                    .getMap());
            OptionMap undertowOptions = OptionMap.builder()
                    .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                    .set(UndertowOptions.DECODE_SLASH, true)
                    .set(UndertowOptions.MAX_HEADER_SIZE, 64 << 10)
                    // bodies are bounded by the replica as they arrive (413, 503), never by a declared length
                    .set(UndertowOptions.MAX_ENTITY_SIZE, Long.MAX_VALUE)
                    .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.requestParseTimeoutMillis())
                    .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleConnectionTimeoutMillis())
                    .set(UndertowOptions.IDLE_TIMEOUT, (int) limits.idleConnectionTimeoutMillis())
                    .getMap();
            HttpOpenListener open = new HttpOpenListener(new DefaultByteBufferPool(true, 16 * 1024 - 20), undertowOptions);
            open.setRootHandler(handler);
            ChannelListener<StreamConnection> withJsonErrors = connection -> {
                connection.getSinkChannel().setConduit(new JsonBadRequest(connection.getSinkChannel().getConduit()));
                open.handleEvent(connection);
            };
            OptionMap socketOptions = OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, 2)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.REUSE_ADDRESSES, true)
                    .set(Options.BALANCING_TOKENS, 1)
                    .set(Options.BALANCING_CONNECTIONS, 2)
                    .set(Options.BACKLOG, 1000)
                    .getMap();
            AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                    new InetSocketAddress("0.0.0.0", port), ChannelListeners.openListenerAdapter(withJsonErrors), socketOptions);
            server.resumeAccepts();
            return new HttpListener(worker, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing a listener that failed already
        }
        worker.shutdownNow();
    }

    private static byte[] jsonBadRequest() {
        byte[] body = Json.error("Malformed HTTP request");
        String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        byte[] head8 = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head8.length + body.length];
        System.arraycopy(head8, 0, all, 0, head8.length);
        System.arraycopy(body, 0, all, head8.length, body.length);
        return all;
    }

    /**
     * Passes every write through, except Undertow's fixed answer to an unparseable request, which it
     * replaces with the same status and a JSON error body.
     */
    static final class JsonBadRequest extends AbstractStreamSinkConduit<StreamSinkConduit> {
        private ByteBuffer pending;

        JsonBadRequest(StreamSinkConduit next) {
            super(next);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (pending != null && !writePending()) return 0;
            if (isUndertowBadRequest(src)) return replace(src);
            return next.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
            if (pending != null && !writePending()) return 0;
            if (len == 1 && isUndertowBadRequest(srcs[offs])) return replace(srcs[offs]);
            return next.write(srcs, offs, len);
        }

        @Override
        public int writeFinal(ByteBuffer src) throws IOException {
            if (pending != null && !writePending()) return 0;
            if (isUndertowBadRequest(src)) return replace(src);
            return next.writeFinal(src);
        }

        @Override
        public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
            if (pending != null && !writePending()) return 0;
            if (len == 1 && isUndertowBadRequest(srcs[offs])) return replace(srcs[offs]);
            return next.writeFinal(srcs, offs, len);
        }

        private int replace(ByteBuffer src) throws IOException {
            int length = src.remaining();
            src.position(src.limit());
            pending = ByteBuffer.wrap(JSON_BAD_REQUEST);
            writePending();
            return length;
        }

        @Override
        public boolean flush() throws IOException {
            if (pending != null && !writePending()) return false;
            return next.flush();
        }

        /** Writes what is left of the replacement; true when all of it went out. */
        private boolean writePending() throws IOException {
            for (int i = 0; i < 8 && pending.hasRemaining(); i++) {
                if (next.write(pending) == 0) break;
            }
            if (pending.hasRemaining()) return false;
            pending = null;
            return true;
        }

        /**
         * Undertow's fixed answer to an unparseable request, or an empty-bodied 400 it makes itself
         * (a request without a Host header): the replica's own 400s always have a JSON body.
         */
        private static boolean isUndertowBadRequest(ByteBuffer src) {
            int n = src.remaining();
            if (n < UNDERTOW_BAD_REQUEST.length || n > 512) return false;
            byte[] bytes = new byte[n];
            src.duplicate().get(bytes);
            if (java.util.Arrays.equals(bytes, UNDERTOW_BAD_REQUEST)) return true;
            String head = new String(bytes, StandardCharsets.ISO_8859_1);
            return head.startsWith("HTTP/1.1 400 ") && head.endsWith("\r\n\r\n")
                    && head.toLowerCase(java.util.Locale.ROOT).contains("\r\ncontent-length: 0\r\n");
        }
    }
}
