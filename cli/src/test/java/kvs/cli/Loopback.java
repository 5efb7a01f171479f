package kvs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Loopback addresses for tests. */
public final class Loopback {
    private Loopback() {}

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An address where nothing listens: connections to it are refused. */
    public static String refusingAddress() {
        return "127.0.0.1:" + freePort();
    }
}
