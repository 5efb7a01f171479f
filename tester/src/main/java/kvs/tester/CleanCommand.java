package kvs.tester;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import kvs.cluster.Leftovers;
import kvs.cluster.NetnsCluster;
import kvs.cluster.NetnsConfig;
import kvs.cluster.StateFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Remove what earlier runs left behind: the processes, namespaces, veths and bridges recorded in the"
                + " cluster state files of runs whose tester is gone (a crash, kill -9), and clusters of 'kvs-test cluster up'.")
final class CleanCommand implements Callable<Integer> {
    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where clusters record what they made (default: $KVS_CLUSTER_STATE_DIR or /tmp/kvs-cluster-<user>).")
    Path stateDir = StateFiles.defaultDir();

    @Option(names = "--force", description = "Also remove clusters whose tester still runs.")
    boolean force;

    @Option(names = "--netns-names", paramLabel = "BRIDGE:PREFIX",
            description = "Also remove, by name, namespaces <PREFIX><digits>, veths <PREFIX>v<digits> and the bridge BRIDGE"
                    + " (leftovers whose state file is gone), e.g. kvtbr0:kvt.")
    List<String> byName = List.of();

    @Override
    public Integer call() {
        for (String line : Leftovers.clean(stateDir, force)) {
            System.out.println("kvs-test clean: " + line);
        }
        for (String pair : byName) {
            String[] parts = pair.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--netns-names wants BRIDGE:PREFIX, got '" + pair + "'");
            }
            List<String> removed = NetnsCluster.removeByName(new NetnsConfig("10.10.0.0/24", parts[0], parts[1], 8090));
            System.out.println("kvs-test clean: " + (removed.isEmpty() ? "nothing named " + pair : "removed " + String.join(", ", removed)));
        }
        return ExitCodes.VALID;
    }
}
