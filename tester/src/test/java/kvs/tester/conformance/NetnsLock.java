package kvs.tester.conformance;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

import kvs.cluster.NetnsCluster;

/**
 * Runs a test's use of the tester tests' namespaces under a machine-wide lock: another build on
 * this machine (another checkout) may run the same tests at the same time, and the lock keeps the
 * two from removing each other's namespaces. Leftovers of a crashed earlier run are removed once
 * it is held.
 */
final class NetnsLock {
    private NetnsLock() {}

    static <T> T run(Callable<T> body) throws Exception {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "kvs-netns-" + TestClusters.NETNS.bridge() + ".lock");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                NetnsCluster.removeByName(TestClusters.NETNS);
                return body.call();
            } finally {
                lock.release();
            }
        }
    }
}
