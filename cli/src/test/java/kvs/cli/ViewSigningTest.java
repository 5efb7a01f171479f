package kvs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kvs.core.replica.ReplicaConfig;
import kvs.replica.ReplicaServer;

/** {@code kvs-cli view add|remove} signs with CLUSTER_TOKEN from its environment; without it a guarded replica refuses. */
class ViewSigningTest {
    static final String TOKEN = "view-signing-token";

    @TempDir
    Path home;

    private String run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        Context context = new Context(environment, home);
        int exit = Main.commandLine(context, args, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return "exit " + exit + "\n" + out + err;
    }

    @Test
    void viewChangesAreSignedWithTheTokenFromTheEnvironment() {
        String guardedAddress = "127.0.0.1:" + Loopback.freePort();
        String strangerAddress = "127.0.0.1:" + Loopback.freePort();
        try (ReplicaServer guarded = ReplicaServer.start(ReplicaConfig.of(guardedAddress, List.of(guardedAddress), 1), Optional.of(TOKEN));
             ReplicaServer stranger = ReplicaServer.start(ReplicaConfig.of(strangerAddress, List.of(strangerAddress), 1), Optional.of(TOKEN))) {
            Map<String, String> environment = new TreeMap<>();
            environment.put("KVS_HOME", home.resolve("kvs").toString());
            environment.put("KVS_REPLICAS", guardedAddress);
            String unsigned = run(environment, "view", "add", strangerAddress);
            assertNotEquals("exit 0", unsigned.lines().findFirst().orElseThrow(), unsigned);
            assertTrue(unsigned.contains("401") || unsigned.toLowerCase(java.util.Locale.ROOT).contains("signature"), unsigned);

            environment.put("CLUSTER_TOKEN", TOKEN);
            String added = run(environment, "view", "add", strangerAddress);
            assertEquals("exit 0", added.lines().findFirst().orElseThrow(), added);
            assertTrue(added.contains("added"), "[" + added + "]");
            String again = run(environment, "view", "add", strangerAddress);
            assertTrue(again.contains("already present"), again);
        }
    }
}
