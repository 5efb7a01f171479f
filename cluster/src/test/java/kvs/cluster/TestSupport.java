package kvs.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

final class TestSupport {
    private TestSupport() {}

    /** The command that runs {@link FakeReplica} from this test's classpath. */
    static String fakeCommand(boolean child) {
        return "exec java -Xshare:auto -XX:TieredStopAtLevel=1 -Xmx32m -cp '" + classpath() + "' kvs.cluster.FakeReplica"
                + (child ? " child" : "");
    }

    static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    static ReplicaSpec spec(Path dir, boolean child) {
        return new ReplicaSpec(fakeCommand(child), dir, dir.resolve("logs"));
    }

    /** GET http://address/path with 2 s timeouts; the body, or "ERROR ..." when it fails. */
    static String get(String address, String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://" + address + path).openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "ERROR " + e;
        }
    }
}
