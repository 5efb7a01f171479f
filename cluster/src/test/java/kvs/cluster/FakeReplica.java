package kvs.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A stand-in replica for the cluster's own tests (JDK only): listens on SOCKET_ADDRESS; GET /view
 * answers VIEW; GET /env answers "SOCKET_ADDRESS VIEW KVS_REPLICA_INDEX"; GET /probe?to=IP:PORT
 * answers "ok" when a TCP connection to that address opens within 1 s, else "fail". With the
 * argument {@code child}, it forks a {@code sleep} child that only a process-group kill removes.
 */
public final class FakeReplica {
    private FakeReplica() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            new ProcessBuilder("sleep", "300").inheritIO().start();
        }
        String address = System.getenv("SOCKET_ADDRESS");
        int colon = address.lastIndexOf(':');
        HttpServer server = HttpServer.create(new InetSocketAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1))), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/view", exchange -> answer(exchange, "{\"view\":[\"" + String.join("\",\"",
                System.getenv("VIEW").split(",")) + "\"]}"));
        server.createContext("/env", exchange -> answer(exchange, address + " " + System.getenv("VIEW") + " "
                + System.getenv("KVS_REPLICA_INDEX")));
        server.createContext("/probe", exchange -> {
            URI uri = exchange.getRequestURI();
            String to = uri.getQuery().substring("to=".length());
            int c = to.lastIndexOf(':');
            String result;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(to.substring(0, c), Integer.parseInt(to.substring(c + 1))), 1000);
                result = "ok";
            } catch (IOException e) {
                result = "fail";
            }
            answer(exchange, result);
        });
        server.start();
        System.out.println("fake replica listening on " + address);
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
