package kvs.tester.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import kvs.cluster.Cluster;

/**
 * A cluster that someone else started ({@code kvs-test conformance --against a,b,c}): the tester
 * can talk to it but not fault it, so every fault throws {@link UnsupportedOperationException}
 * (the suite then skips its scenarios) and closing it stops nothing.
 */
public final class ExistingCluster implements Cluster {
    private static final String NO_FAULTS = "kvs-test did not start this cluster (--against), so it cannot inject faults";
    private final List<String> addresses;

    public ExistingCluster(List<String> addresses) {
        if (addresses.isEmpty()) throw new IllegalArgumentException("--against needs at least one IP:PORT");
        for (String address : addresses) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || !address.substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException("'" + address + "' is not IP:PORT");
            }
        }
        this.addresses = List.copyOf(addresses);
    }

    @Override
    public List<String> addresses() {
        return addresses;
    }

    @Override
    public void kill(int i) {
        throw new UnsupportedOperationException(NO_FAULTS);
    }

    @Override
    public void start(int i) {
        throw new UnsupportedOperationException(NO_FAULTS);
    }

    @Override
    public void pause(int i) {
        throw new UnsupportedOperationException(NO_FAULTS);
    }

    @Override
    public void resume(int i) {
        throw new UnsupportedOperationException(NO_FAULTS);
    }

    @Override
    public void partition(Set<Integer> side, Set<Integer> other, boolean oneWay) {
        throw new UnsupportedOperationException(NO_FAULTS);
    }

    @Override
    public void hang(int i) {
        throw new UnsupportedOperationException(NO_FAULTS);
    }

    @Override
    public void heal() {
        // nothing was cut
    }

    @Override
    public int join() {
        throw new UnsupportedOperationException(NO_FAULTS);
    }

    @Override
    public boolean awaitReady(int i, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            if (answers(addresses.get(i))) return true;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static boolean answers(String address) {
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /view HTTP/1.1\r\nHost: " + address + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(5);
            return new String(head, StandardCharsets.US_ASCII).equals("HTTP/");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public Path logFile(int i) {
        throw new UnsupportedOperationException("kvs-test did not start this cluster (--against): it has no logs of it");
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
