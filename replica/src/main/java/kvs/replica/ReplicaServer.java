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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
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
    public static final String FROM_HEADER = "X-Kvs-From";
    public static final String TOKEN_HEADER = "X-Cluster-Token";
    public static final String METADATA_HEADER = "X-Causal-Metadata";

    private static final HttpString FROM = new HttpString(FROM_HEADER);
    private static final HttpString TOKEN = new HttpString(TOKEN_HEADER);
    private static final HttpString METADATA = new HttpString(METADATA_HEADER);
    private static final String JSON = "application/json";

    private final String address;
    private final Limits limits;
    private final Optional<String> clusterToken;
    private final Replica replica;
    private final Object lock = new Object();
    private final Undertow undertow;
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
        this.clusterToken = clusterToken;
        this.replica = new Replica(config);
        this.httpExecutor = Executors.newFixedThreadPool(2, daemon("kvs-peer-" + address));
        this.http = CompletableFuture.supplyAsync(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(limits.peerConnectTimeoutMillis()))
                .executor(httpExecutor)
                .build(), httpExecutor);
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("kvs-tick-" + address));
        this.undertow = Undertow.builder()
                .addHttpListener(Addresses.port(address), "0.0.0.0")
                .setIoThreads(2)
                .setWorkerThreads(2)
                .setServerOption(UndertowOptions.DECODE_SLASH, true)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, (long) limits.peerBodyBytesMax())
                .setHandler(this::route)
                .build();
    }

    /** Starts a replica listening on the port of {@code socketAddress}, on all interfaces. */
    public static ReplicaServer start(String socketAddress, List<String> view) {
        return start(ReplicaConfig.of(socketAddress, view, System.currentTimeMillis()), Optional.empty());
    }

    public static ReplicaServer start(ReplicaConfig config, Optional<String> clusterToken) {
        ReplicaServer server = new ReplicaServer(config, clusterToken);
        server.undertow.start();
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
            HttpRequest.Builder ping = HttpRequest.newBuilder(URI.create("http://" + self + INTERNAL_PATH))
                    .timeout(Duration.ofMillis(limits.peerTimeoutMillis()))
                    .header(FROM_HEADER, address)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.encode(new Message.Ping(new LinkStamp(0, 0, 0, 0)))));
            clusterToken.ifPresent(token -> ping.header(TOKEN_HEADER, token));
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
        undertow.stop();
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
        for (Effect effect : effects) perform(effect);
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
        if (path.startsWith("/kvs/")) {
            String key = path.substring("/kvs/".length());
            if (!method.equals(Methods.GET) && !method.equals(Methods.PUT) && !method.equals(Methods.DELETE)) {
                methodNotAllowed(exchange, "GET, PUT, DELETE");
            } else if (key.isEmpty()) {
                send(exchange, 400, Json.error("Key must not be empty"));
            } else {
                withBody(exchange, limits.clientBodyBytesMax(), body -> onKvs(exchange, method, key, body));
            }
        } else if (path.equals("/view")) {
            if (!method.equals(Methods.GET) && !method.equals(Methods.PUT) && !method.equals(Methods.DELETE)) {
                methodNotAllowed(exchange, "GET, PUT, DELETE");
            } else {
                withBody(exchange, limits.clientBodyBytesMax(), body -> onView(exchange, method, body));
            }
        } else if (path.equals(INTERNAL_PATH)) {
            if (!method.equals(Methods.POST)) {
                methodNotAllowed(exchange, "POST");
            } else if (clusterToken.isPresent() && !clusterToken.get().equals(exchange.getRequestHeaders().getFirst(TOKEN))) {
                send(exchange, 401, Json.error("Missing or wrong cluster token"));
            } else {
                withBody(exchange, limits.peerBodyBytesMax(), body -> onPeer(exchange, body));
            }
        } else {
            send(exchange, 404, Json.error("Not found: " + path));
        }
    }

    private interface BodyHandler {
        void accept(byte[] body);
    }

    private void withBody(HttpServerExchange exchange, int bytesMax, BodyHandler handler) {
        long declared = exchange.getRequestContentLength();
        if (declared > bytesMax) {
            send(exchange, 413, Json.error("Request body is larger than " + bytesMax + " bytes"));
            return;
        }
        exchange.setMaxEntitySize(bytesMax);
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, bytes) -> {
                    try {
                        handler.accept(bytes);
                    } catch (IllegalArgumentException e) {
                        send(ex, 400, Json.error("Bad request: " + e.getMessage()));
                    } catch (RuntimeException e) {
                        System.err.println("kvs-replica " + address + ": internal error: " + e);
                        send(ex, 500, Json.error("Internal error"));
                    }
                },
                (ex, error) -> {
                    if (error instanceof RequestTooBigException) {
                        send(ex, 413, Json.error("Request body is larger than " + bytesMax + " bytes"));
                    } else {
                        send(ex, 400, Json.error("Could not read the request body"));
                    }
                });
    }

    private void onKvs(HttpServerExchange exchange, HttpString method, String key, byte[] bytes) {
        ObjectNode body;
        try {
            body = Json.object(bytes);
        } catch (Json.BadBody bad) {
            if (method.equals(Methods.PUT)) {
                send(exchange, 400, Json.error(bad.getMessage()));
                return;
            }
            body = Json.MAPPER.createObjectNode(); // GET and DELETE: unreadable metadata is null metadata
        }
        VectorClock metadata = Json.metadata(body);
        ClientOp op;
        if (method.equals(Methods.PUT)) {
            JsonNode value = body.get("value");
            Optional<String> valueText = value == null || value.isNull() ? Optional.empty() : Optional.of(Json.valueText(value));
            op = new ClientOp.Put(key, valueText, metadata);
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
        JsonNode field = body.get("socket-address");
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
            message = Json.decode(bytes);
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
        send(exchange, 405, Json.error("Method " + exchange.getRequestMethod() + " not allowed; use " + allowed));
    }

    private static void send(HttpServerExchange exchange, int status, byte[] body) {
        if (!exchange.isInIoThread()) {
            exchange.getIoThread().execute(() -> send(exchange, status, body));
            return;
        }
        exchange.setStatusCode(status);
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(Headers.CONTENT_TYPE, JSON);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private void callPeer(Effect.Call call) {
        Message message = call.message();
        URI base = URI.create("http://" + call.peer());
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .timeout(Duration.ofMillis(limits.peerTimeoutMillis()))
                .header("Content-Type", JSON);
        if (message instanceof Message.ViewAdd) {
            request.uri(base.resolve("/view")).PUT(HttpRequest.BodyPublishers.ofByteArray(Json.viewChangeBody(address, message)));
        } else if (message instanceof Message.ViewRemove) {
            request.uri(base.resolve("/view"))
                    .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(Json.viewChangeBody(address, message)));
        } else {
            request.uri(base.resolve(INTERNAL_PATH))
                    .header(FROM_HEADER, address)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.encode(message)));
            clusterToken.ifPresent(token -> request.header(TOKEN_HEADER, token));
        }
        boolean viewChange = message instanceof Message.ViewAdd || message instanceof Message.ViewRemove;
        HttpRequest built = request.build();
        http.thenAccept(client -> send(client, built, call.callId(), viewChange));
    }

    private void send(HttpClient client, HttpRequest request, long callId, boolean viewChange) {
        try {
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                if (error != null) {
                    feed(now -> new Input.CallFailed(now, callId, describe(error)));
                } else if (viewChange) {
                    feed(now -> new Input.CallSucceeded(now, callId, new Message.Ack()));
                } else if (response.statusCode() != 200) {
                    feed(now -> new Input.CallFailed(now, callId, "HTTP " + response.statusCode()));
                } else {
                    try {
                        Message answer = Json.decode(response.body());
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
