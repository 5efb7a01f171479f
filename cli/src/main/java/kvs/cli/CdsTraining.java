package kvs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -XX:ArchiveClassesAtExit=F -jar kvs-cli.jar --cds-training}: runs the everyday commands
 * (put, get, delete, session, view, help, a usage error) against a scripted replica on a free
 * loopback port, with a throw-away home folder, so that the JVM archives the classes they load.
 * {@code scripts/kvs-cli} does this once per build and starts every command with that archive.
 */
final class CdsTraining {
    private CdsTraining() {}

    static int run() throws IOException {
        Path home = Files.createTempDirectory("kvs-cli-cds-");
        try (ServerSocket server = new ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answer(server), "cds-training-replica");
            answering.setDaemon(true);
            answering.start();
            String replica = "127.0.0.1:" + server.getLocalPort();
            Context context = new Context(Map.of("KVS_HOME", home.toString(), "KVS_REPLICAS", replica), home);
            String[][] commands = {
                {"put", "x", "1"}, {"put", "y", "{\"a\":[1,2.5,\"b\"]}", "-m"}, {"get", "x"}, {"get", "x", "--json", "-m"},
                {"delete", "x"}, {"--session", "bob", "put", "z", "hello", "--string"}, {"session", "list"},
                {"session", "show"}, {"session", "reset"}, {"view", "list"}, {"view", "list", "--all"},
                {"--help"}, {"get", "--help"}, {"--version"}, {"gte", "x"}, {"put", "x"},
            };
            for (String[] args : commands) {
                StringWriter sink = new StringWriter();
                Main.commandLine(context, args, new PrintWriter(sink), new PrintWriter(sink)).execute(args);
            }
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return ExitCode.SUCCESS;
    }

    /** A replica that answers every request with a plausible success, keeping connections alive. */
    private static void answer(ServerSocket server) {
        while (true) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "cds-training-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                if (server.isClosed()) return;
            }
        }
    }

    private static void serve(Socket connection) {
            try (Socket socket = connection) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String head = head(in);
                    if (head.isEmpty()) break;
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring("content-length:".length()).trim());
                        }
                    }
                    in.readNBytes(length);
                    String body = head.contains(" /view ") ? "{\"view\":[\"127.0.0.1:1\"]}"
                            : "{\"result\":\"found\",\"value\":1,\"causal-metadata\":{\"127.0.0.1:1\":3}}";
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away: this connection is done
            }
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) return head.toString();
        }
        return "";
    }

    static void runOrExit() {
        try {
            System.exit(run());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
