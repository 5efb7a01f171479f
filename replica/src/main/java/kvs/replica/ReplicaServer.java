package kvs.replica;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

import kvs.core.Limits;
import kvs.core.clock.VectorClock;
import kvs.core.replica.ClientOp;
import kvs.core.replica.Effect;
import kvs.core.replica.Input;
import kvs.core.replica.LinkStamp;
import kvs.core.replica.Message;
import kvs.core.replica.Replica;
import kvs.core.replica.ReplicaConfig;
import kvs.core.replica.Reply;
import kvs.core.wire.Signature;

/**
 * The production driver: Undertow turns HTTP requests into the state machine's inputs, and this
 * class performs its effects with real sockets and timers.
 *
 * <p>Threads: Undertow's IO threads parse requests and feed them in; the peer client's threads feed
 * in the answers to calls; one timer thread feeds ticks. Every feed holds {@code lock} only for the
 * call to {@link Replica#handle} (microseconds, no IO), reads the clock inside it so that time never
 * goes backwards, and performs the effects after releasing it.
 */
public final class ReplicaServer implements AutoCloseable {
    /** Where replicas talk to each other; no {@code /kvs/} or {@code /view} request can reach it. */
    public static final String INTERNAL_PATH = "/internal/v1/message";
    public static final String FROM_HEADER = Signature.FROM_HEADER;
    public static final String METADATA_HEADER = "X-Causal-Metadata";

    private static final HttpString FROM = new HttpString(FROM_HEADER);
    private static final HttpString TIME = new HttpString(Signature.TIME_HEADER);
    private static final HttpString NONCE = new HttpString(Signature.NONCE_HEADER);
    private static final HttpString SIGNATURE = new HttpString(Signature.SIGNATURE_HEADER);
    private static final HttpString METADATA = new HttpString(METADATA_HEADER);
    private static final String JSON = "application/json";
    /** The nonce of a verified signed request, so that its answer is signed for it. */
    private static final AttachmentKey<String> REQUEST_NONCE = AttachmentKey.create(String.class);
    /** How long a connection stays open after a refused body, so the client reads the answer before the close. */
    private static final long LINGER_MILLIS = 1_000;

    private final String address;
    private final Limits limits;
    private final Optional<ClusterAuth> auth;
    /** Bytes of request bodies held now, every request together; bounded by {@code Limits.bodiesInFlightBytesMax}. */
    private final AtomicLong bodyBytesInFlight = new AtomicLong();
    private final Replica replica;
    /** Where values of 1 KiB and more live: outside the heap, so the store may outgrow it. */
    private final ValueSpill values;
    private final Object lock = new Object();
    private volatile HttpListener listener;
    /** Built off the start-up path (it loads TLS classes, slow on a cold JVM); ready before the replica announces itself. */
    private final CompletableFuture<HttpClient> http;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService ticker;
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<Long, HttpServerExchange> openRequests = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private volatile boolean closed;

    private ReplicaServer(ReplicaConfig config, Optional<String> clusterToken) {
        this.address = config.address();
        this.limits = config.limits();
        this.auth = clusterToken.map(token -> new ClusterAuth(token, config.limits()));
        this.replica = new Replica(config);
        this.values = ValueSpill.forProcess(line -> System.err.println("kvs-replica " + config.address() + ": " + line));
        this.httpExecutor = Executors.newFixedThreadPool(2, daemon("kvs-peer-" + address));
        this.http = CompletableFuture.supplyAsync(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(limits.peerConnectTimeoutMillis()))
                .executor(httpExecutor)
                .build(), httpExecutor);
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("kvs-tick-" + address));
    }

    /** Starts a replica listening on the port of {@code socketAddress}, on all interfaces. */
    public static ReplicaServer start(String socketAddress, List<String> view) {
        return start(ReplicaConfig.of(socketAddress, view, System.currentTimeMillis()), Optional.empty());
    }

    public static ReplicaServer start(ReplicaConfig config, Optional<String> clusterToken) {
        ReplicaServer server = new ReplicaServer(config, clusterToken);
        if (clusterToken.isEmpty()) {
            System.err.println("kvs-replica " + config.address() + ": CLUSTER_TOKEN is not set, so the cluster is open:"
                    + " anyone who reaches this port can change the view and send replica messages");
        }
        server.listener = HttpListener.start(Addresses.port(config.address()), server::route, config.limits());
        server.warmUp();
        server.feed(Input.Start::new);
        long tick = config.limits().tickIntervalMillis();
        server.ticker.scheduleAtFixedRate(() -> server.feed(Input.Tick::new), tick, tick, TimeUnit.MILLISECONDS);
        return server;
    }

    public String address() {
        return address;
    }

    /**
     * Before announcing itself, the replica calls itself once on the client path and once on the
     * peer path, so that class loading and the first compilations happen now and not in its peers'
     * first calls (a cold replica that answers them after the timeout would be taken for down).
     */
    private void warmUp() {
        String self = "127.0.0.1:" + Addresses.port(address);
        try {
            HttpRequest view = HttpRequest.newBuilder(URI.create("http://" + self + "/view"))
                    .timeout(Duration.ofMillis(limits.peerTimeoutMillis())).GET().build();
            HttpClient client = http.join();
            client.send(view, HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = Json.encode(new Message.Ping(new LinkStamp(0, 0, 0, 0)));
            HttpRequest.Builder ping = HttpRequest.newBuilder(URI.create("http://" + self + INTERNAL_PATH))
                    .timeout(Duration.ofMillis(limits.peerTimeoutMillis()))
                    .header(FROM_HEADER, address)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            auth.ifPresent(a -> sign(ping, a.signRequest("POST", INTERNAL_PATH, address, body)));
            client.send(ping.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            System.err.println("kvs-replica " + address + ": warm-up call failed (" + describe(e) + "); going on");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops at once, like a crash: the listener closes, timers and peer calls stop. */
    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        HttpListener running = listener;
        if (running != null) running.close();
        httpExecutor.shutdownNow();
    }

    // ------------------------------------------------------------------ feeding the state machine

    private void feed(LongFunction<Input> input) {
        if (closed) return;
        List<Effect> effects;
        synchronized (lock) {
            long nowMillis = (System.nanoTime() - startNanos) / 1_000_000;
            effects = replica.handle(input.apply(nowMillis));
        }
        for (Effect effect : effects) {
            try {
                perform(effect);
            } catch (RuntimeException e) { // one effect failing must not skip the others
                System.err.println("kvs-replica " + address + ": could not perform " + describeEffect(effect) + ": " + e);
                if (effect instanceof Effect.ClientReply reply) answerInternalError(reply.requestId());
                if (effect instanceof Effect.PeerReply reply) answerInternalError(reply.requestId());
            }
        }
    }

    private void answerInternalError(long requestId) {
        HttpServerExchange exchange = openRequests.remove(requestId);
        if (exchange != null && !exchange.isResponseStarted()) send(exchange, 500, Json.error("Internal error"));
    }

    private static String describeEffect(Effect effect) {
        String text = effect.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private void perform(Effect effect) {
        if (effect instanceof Effect.ClientReply reply) {
            HttpServerExchange exchange = openRequests.remove(reply.requestId());
            if (exchange != null) sendReply(exchange, reply.reply());
        } else if (effect instanceof Effect.PeerReply reply) {
            HttpServerExchange exchange = openRequests.remove(reply.requestId());
            if (exchange != null) send(exchange, 200, Json.encode(reply.message()));
        } else if (effect instanceof Effect.Call call) {
            callPeer(call);
        } else if (effect instanceof Effect.Log log) {
            System.err.println("kvs-replica " + address + ": " + log.line());
        }
    }

    // ------------------------------------------------------------------ HTTP in

    private void route(HttpServerExchange exchange) {
        String path = exchange.getRelativePath();
        HttpString method = exchange.getRequestMethod();
        if (exchange.getProtocol().equals(io.undertow.util.Protocols.HTTP_1_1)
                && !exchange.getRequestHeaders().contains(Headers.HOST)) {
            refuseBody(exchange, 400, "Malformed HTTP request: no Host header");
        } else if (path.startsWith("/kvs/")) {
            Optional<String> key = Paths.key(exchange.getRequestURI());
            if (!method.equals(Methods.GET) && !method.equals(Methods.PUT) && !method.equals(Methods.DELETE)) {
                methodNotAllowed(exchange, "GET, PUT, DELETE");
            } else if (key.isEmpty()) {
                refuseBody(exchange, 400, "Key must be valid UTF-8, percent-encoded in the path");
            } else if (key.get().isEmpty()) {
                refuseBody(exchange, 400, "Key must not be empty");
            } else {
                withBody(exchange, limits.clientBodyBytesMax(), body -> onKvs(exchange, method, key.get(), body));
            }
        } else if (path.equals("/view")) {
            if (!method.equals(Methods.GET) && !method.equals(Methods.PUT) && !method.equals(Methods.DELETE)) {
                methodNotAllowed(exchange, "GET, PUT, DELETE");
            } else if (method.equals(Methods.GET) || auth.isEmpty()) {
                withBody(exchange, limits.clientBodyBytesMax(), body -> onView(exchange, method, body));
            } else {
                withSignedBody(exchange, limits.clientBodyBytesMax(), body -> onView(exchange, method, body));
            }
        } else if (path.equals(INTERNAL_PATH)) {
            if (!method.equals(Methods.POST)) {
                methodNotAllowed(exchange, "POST");
            } else if (auth.isEmpty()) {
                withBody(exchange, limits.peerBodyBytesMax(), body -> onPeer(exchange, body));
            } else {
                withSignedBody(exchange, limits.peerBodyBytesMax(), body -> onPeer(exchange, body));
            }
        } else {
            refuseBody(exchange, 404, "Not found: " + path);
        }
    }

    private interface BodyHandler {
        void accept(byte[] body);
    }

    /**
     * Reads a body signed with the cluster token: headers checked before a byte of the body is
     * read, the signature (over the body too) and the nonce after; 401 for anything wrong.
     */
    private void withSignedBody(HttpServerExchange exchange, int bytesMax, BodyHandler handler) {
        ClusterAuth clusterAuth = auth.orElseThrow();
        HeaderMap headers = exchange.getRequestHeaders();
        String from = headers.getFirst(FROM);
        ClusterAuth.Signed signed = new ClusterAuth.Signed(headers.getFirst(TIME), headers.getFirst(NONCE), headers.getFirst(SIGNATURE));
        Optional<String> problem = clusterAuth.precheck(from, signed);
        if (problem.isPresent()) {
            refuseBody(exchange, 401, problem.get());
            return;
        }
        String method = exchange.getRequestMethod().toString();
        String path = exchange.getRequestPath();
        withBody(exchange, bytesMax, body -> {
            Optional<String> refused = clusterAuth.verifyRequest(method, path, from, signed, body);
            if (refused.isPresent()) {
                send(exchange, 401, Json.error(refused.get()));
                return;
            }
            exchange.putAttachment(REQUEST_NONCE, signed.nonce());
            handler.accept(body);
        });
    }

    /**
     * Reads a body as it arrives, never allocating what a header declares: each chunk is counted
     * against this request's limit (413 past it, chunked bodies included) and against the budget of
     * all bodies in flight (503 past it); a body not complete within {@code bodyReadTimeoutMillis}
     * gets 408. The bytes are released when the request is done.
     */
    private void withBody(HttpServerExchange exchange, int bytesMax, BodyHandler handler) {
        long declared = exchange.getRequestContentLength();
        if (declared > bytesMax) {
            refuseBody(exchange, 413, "Request body is larger than " + bytesMax + " bytes");
            return;
        }
        new BodyReader(exchange, bytesMax, handler, declared).start();
    }

    private final class BodyReader {
        private final HttpServerExchange exchange;
        private final int bytesMax;
        private final BodyHandler handler;
        private final java.io.ByteArrayOutputStream bytes;
        private final AtomicLong charged = new AtomicLong();
        private boolean done;

        BodyReader(HttpServerExchange exchange, int bytesMax, BodyHandler handler, long declared) {
            this.exchange = exchange;
            this.bytesMax = bytesMax;
            this.handler = handler;
            this.bytes = new java.io.ByteArrayOutputStream((int) Math.max(0, Math.min(declared, 8192)));
        }

        void start() {
            exchange.addExchangeCompleteListener((ex, next) -> {
                release();
                next.proceed();
            });
            var timeout = exchange.getIoThread().executeAfter(() -> {
                if (!done) refuse(408, "Request body not received within " + limits.bodyReadTimeoutMillis() + " ms");
            }, limits.bodyReadTimeoutMillis(), TimeUnit.MILLISECONDS);
            exchange.getRequestReceiver().receivePartialBytes((ex, chunk, last) -> {
                if (done) return; // draining what follows a refusal
                if (bytes.size() + (long) chunk.length > bytesMax) {
                    refuse(413, "Request body is larger than " + bytesMax + " bytes");
                    return;
                }
                charged.addAndGet(chunk.length);
                if (bodyBytesInFlight.addAndGet(chunk.length) > limits.bodiesInFlightBytesMax()) {
                    refuse(503, "Too many request bytes in flight; try again later");
                    return;
                }
                bytes.write(chunk, 0, chunk.length);
                if (!last) return;
                done = true;
                timeout.remove();
                try {
                    handler.accept(bytes.toByteArray());
                } catch (RuntimeException e) {
                    System.err.println("kvs-replica " + address + ": internal error: " + e);
                    send(ex, 500, Json.error("Internal error"));
                } finally {
                    release();
                }
            }, (ex, error) -> {
                if (done) return;
                done = true;
                timeout.remove();
                release();
                send(ex, 400, Json.error("Could not read the request body"));
            });
        }

        private void refuse(int status, String message) {
            done = true;
            release();
            answerAndClose(exchange, status, message);
        }

        private void release() {
            bodyBytesInFlight.addAndGet(-charged.getAndSet(0));
        }
    }

    /**
     * Answers a request whose body will not be read (too large, unauthenticated, bad key): the rest
     * of the body is read and dropped while the answer goes out, then the connection closes.
     */
    private void refuseBody(HttpServerExchange exchange, int status, String message) {
        if (exchange.getRequestContentLength() == 0) {
            send(exchange, status, Json.error(message));
            return;
        }
        exchange.getRequestReceiver().receivePartialBytes((ex, chunk, last) -> { }, (ex, error) -> { });
        answerAndClose(exchange, status, message);
    }

    /** Sends the answer with {@code Connection: close}, and closes the connection a little after it went out. */
    private void answerAndClose(HttpServerExchange exchange, int status, String message) {
        if (!exchange.isInIoThread()) {
            try {
                exchange.getIoThread().execute(() -> answerAndClose(exchange, status, message));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the listener is closing: the connection goes with it
            }
            return;
        }
        if (exchange.isResponseStarted()) {
            closeQuietly(exchange);
            return;
        }
        byte[] body = Json.error(message);
        exchange.setPersistent(false);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body), new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                ex.getIoThread().executeAfter(() -> closeQuietly(ex), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, java.io.IOException e) {
                closeQuietly(ex);
            }
        });
    }

    private static void closeQuietly(HttpServerExchange exchange) {
        try {
            exchange.getConnection().close();
        } catch (java.io.IOException | RuntimeException e) {
            // closing an already closed connection
        }
    }

    private void onKvs(HttpServerExchange exchange, HttpString method, String key, byte[] bytes) {
        Json.ClientBody body;
        try {
            body = Json.clientBody(bytes);
        } catch (Json.BadBody bad) {
            if (method.equals(Methods.PUT)) {
                send(exchange, 400, Json.error(bad.getMessage()));
                return;
            }
            body = new Json.ClientBody(Optional.empty(), VectorClock.EMPTY); // GET and DELETE: unreadable metadata is null metadata
        }
        VectorClock metadata = body.metadata();
        ClientOp op;
        if (method.equals(Methods.PUT)) {
            op = new ClientOp.Put(key, body.valueJson().map(values::of), metadata);
        } else if (method.equals(Methods.GET)) {
            op = new ClientOp.Get(key, metadata);
        } else {
            op = new ClientOp.Delete(key, metadata);
        }
        client(exchange, op);
    }

    private void onView(HttpServerExchange exchange, HttpString method, byte[] bytes) {
        if (method.equals(Methods.GET)) {
            client(exchange, new ClientOp.ViewGet());
            return;
        }
        ObjectNode body;
        try {
            body = Json.object(bytes);
        } catch (Json.BadBody bad) {
            send(exchange, 400, Json.error(bad.getMessage()));
            return;
        }
        com.fasterxml.jackson.databind.JsonNode field = body.get("socket-address");
        Optional<String> peer = field != null && field.isTextual() ? Addresses.parse(field.asText()) : Optional.empty();
        if (peer.isEmpty()) {
            send(exchange, 400, Json.error("Request must name a socket-address of the form IP:PORT"));
            return;
        }
        Optional<Json.PeerViewChange> fromPeer;
        try {
            fromPeer = Json.peerViewChange(body, peer.get(), method.equals(Methods.PUT));
        } catch (Json.BadBody bad) {
            send(exchange, 400, Json.error(bad.getMessage()));
            return;
        }
        if (fromPeer.isPresent()) {
            Optional<String> sender = Addresses.parse(fromPeer.get().sender());
            if (sender.isEmpty()) {
                send(exchange, 400, Json.error("A replica's view change must name its sender as IP:PORT"));
                return;
            }
            Message message = fromPeer.get().message();
            long requestId = requestIds.incrementAndGet();
            openRequests.put(requestId, exchange);
            feed(now -> new Input.PeerRequest(now, requestId, sender.get(), message));
            return;
        }
        client(exchange, method.equals(Methods.PUT) ? new ClientOp.ViewPut(peer.get()) : new ClientOp.ViewDelete(peer.get()));
    }

    private void onPeer(HttpServerExchange exchange, byte[] bytes) {
        Message message;
        try {
            message = Json.decode(bytes, values::of);
        } catch (Json.BadBody bad) {
            send(exchange, 400, Json.error(bad.getMessage()));
            return;
        }
        Optional<String> from = Addresses.parse(exchange.getRequestHeaders().getFirst(FROM));
        if (from.isEmpty()) {
            send(exchange, 400, Json.error("Peer requests must name their sender in " + FROM_HEADER));
            return;
        }
        long requestId = requestIds.incrementAndGet();
        openRequests.put(requestId, exchange);
        feed(now -> new Input.PeerRequest(now, requestId, from.get(), message));
    }

    private void client(HttpServerExchange exchange, ClientOp op) {
        long requestId = requestIds.incrementAndGet();
        openRequests.put(requestId, exchange);
        feed(now -> new Input.ClientRequest(now, requestId, op));
    }

    // ------------------------------------------------------------------ HTTP out

    private void sendReply(HttpServerExchange exchange, Reply reply) {
        if (reply instanceof Reply.Error error && error.metadata().isPresent()) {
            exchange.getResponseHeaders().put(METADATA, Json.clockText(error.metadata().get()));
        }
        send(exchange, reply.status(), Json.render(reply));
    }

    private void methodNotAllowed(HttpServerExchange exchange, String allowed) {
        exchange.getResponseHeaders().put(Headers.ALLOW, allowed);
        refuseBody(exchange, 405, "Method " + exchange.getRequestMethod() + " not allowed; use " + allowed);
    }

    private void send(HttpServerExchange exchange, int status, byte[] body) {
        if (!exchange.isInIoThread()) {
            try {
                exchange.getIoThread().execute(() -> send(exchange, status, body));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the listener is closing: the connection goes with it
            }
            return;
        }
        exchange.setStatusCode(status);
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(Headers.CONTENT_TYPE, JSON);
        String requestNonce = exchange.getAttachment(REQUEST_NONCE);
        if (requestNonce != null && auth.isPresent()) {
            ClusterAuth.Signed signed = auth.get().signAnswer(status, requestNonce, body);
            headers.put(TIME, signed.timeMillis());
            headers.put(NONCE, signed.nonce());
            headers.put(SIGNATURE, signed.signature());
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private static void sign(HttpRequest.Builder request, ClusterAuth.Signed signed) {
        request.header(Signature.TIME_HEADER, signed.timeMillis())
                .header(Signature.NONCE_HEADER, signed.nonce())
                .header(Signature.SIGNATURE_HEADER, signed.signature());
    }

    private void callPeer(Effect.Call call) {
        Message message = call.message();
        URI base = URI.create("http://" + call.peer());
        String method, path;
        byte[] body;
        if (message instanceof Message.ViewAdd) {
            method = "PUT";
            path = "/view";
            body = Json.viewChangeBody(address, message);
        } else if (message instanceof Message.ViewRemove) {
            method = "DELETE";
            path = "/view";
            body = Json.viewChangeBody(address, message);
        } else {
            method = "POST";
            path = INTERNAL_PATH;
            body = Json.encode(message);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofMillis(limits.peerTimeoutMillis()))
                .header("Content-Type", JSON)
                .header(FROM_HEADER, address)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        Optional<String> nonce = auth.map(a -> {
            ClusterAuth.Signed signed = a.signRequest(method, path, address, body);
            sign(request, signed);
            return signed.nonce();
        });
        boolean viewChange = message instanceof Message.ViewAdd || message instanceof Message.ViewRemove;
        HttpRequest built = request.build();
        http.thenAccept(client -> send(client, built, call.callId(), viewChange, nonce));
    }

    private void send(HttpClient client, HttpRequest request, long callId, boolean viewChange, Optional<String> nonce) {
        try {
            client.sendAsync(request, BoundedBody.handler(limits.peerBodyBytesMax())).whenComplete((response, error) -> {
                if (error != null) {
                    feed(now -> new Input.CallFailed(now, callId, describe(error)));
                    return;
                }
                Optional<String> unsigned = nonce.flatMap(n -> auth.orElseThrow().verifyAnswer(response.statusCode(), n,
                        new ClusterAuth.Signed(response.headers().firstValue(Signature.TIME_HEADER).orElse(null),
                                response.headers().firstValue(Signature.NONCE_HEADER).orElse(null),
                                response.headers().firstValue(Signature.SIGNATURE_HEADER).orElse(null)),
                        response.body()));
                if (unsigned.isPresent()) {
                    feed(now -> new Input.CallFailed(now, callId, "HTTP " + response.statusCode() + ", " + unsigned.get()));
                } else if (viewChange) {
                    feed(now -> new Input.CallSucceeded(now, callId, new Message.Ack()));
                } else if (response.statusCode() != 200) {
                    feed(now -> new Input.CallFailed(now, callId, "HTTP " + response.statusCode()));
                } else {
                    try {
                        Message answer = Json.decode(response.body(), values::of);
                        feed(now -> new Input.CallSucceeded(now, callId, answer));
                    } catch (Json.BadBody bad) {
                        feed(now -> new Input.CallFailed(now, callId, "bad answer: " + bad.getMessage()));
                    }
                }
            });
        } catch (RuntimeException e) { // the executor shut down while closing
            if (!closed) feed(now -> new Input.CallFailed(now, callId, describe(e)));
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
