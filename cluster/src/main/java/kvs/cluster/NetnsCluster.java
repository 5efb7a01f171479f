package kvs.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every member in its own network namespace with its own address on one bridge (the course's
 * layout by default: {@code 10.10.0.(i+2):8090}, host at {@code .1}). Faults are nftables rules in
 * the members' namespaces (table {@code inet kvs}): packets to or from a cut address are dropped
 * silently, like a cut cable. Root only; {@code nft} is installed with apt-get when missing.
 */
public final class NetnsCluster extends ProcessCluster {
    private static final String TABLE = "kvs";
    private static final String RULESET = """
            table inet kvs {
              set cut { type ipv4_addr; }
              set cutnet { type ipv4_addr; flags interval; }
              set oneway { type ipv4_addr; }
              chain input { type filter hook input priority 0; policy accept;
                ip saddr @cut drop; ip saddr @cutnet drop; ip saddr @oneway ct direction original drop; }
              chain output { type filter hook output priority 0; policy accept;
                ip daddr @cut drop; ip daddr @cutnet drop; }
            }
            """;

    private final NetnsConfig config;
    private boolean bridgeMade;

    private NetnsCluster(ReplicaSpec spec, Path stateFile, NetnsConfig config) {
        super(spec, stateFile);
        this.config = config;
    }

    /** Why a netns cluster cannot be made here, or empty when it can (root, ip netns works). */
    public static java.util.Optional<String> unavailableReason() {
        if (!isRoot()) {
            return java.util.Optional.of("network namespaces need root (they make namespaces, a bridge and nftables rules)");
        }
        if (!Commands.onPath("ip")) {
            return java.util.Optional.of("the 'ip' command (iproute2) is missing: apt-get install -y iproute2");
        }
        String probe = "kvsprobe" + ProcessHandle.current().pid();
        Commands.Result added = Commands.run(List.of("ip", "netns", "add", probe));
        if (!added.ok()) {
            return java.util.Optional.of("'ip netns add' does not work here: " + added.output().strip());
        }
        Commands.run(List.of("ip", "netns", "del", probe));
        return java.util.Optional.empty();
    }

    public static boolean isRoot() {
        Commands.Result id = Commands.run(List.of("id", "-u"));
        return id.ok() && id.output().strip().equals("0");
    }

    /** Makes the bridge and {@code replicas} namespaces and starts a member in each (not waiting for them). */
    public static NetnsCluster start(ReplicaSpec spec, int replicas, NetnsConfig config) {
        return start(spec, replicas, config, StateFiles.defaultDir());
    }

    public static NetnsCluster start(ReplicaSpec spec, int replicas, NetnsConfig config, Path stateDir) {
        if (replicas > NetnsConfig.MAX_MEMBERS) {
            throw new IllegalArgumentException("at most " + NetnsConfig.MAX_MEMBERS + " replicas fit in a /24, got " + replicas);
        }
        unavailableReason().ifPresent(reason -> {
            throw new ClusterException(reason);
        });
        ensureNft();
        if (Commands.run(List.of("ip", "link", "show", config.bridge())).ok()) {
            throw new ClusterException("bridge " + config.bridge() + " already exists: another cluster uses it, or an earlier"
                    + " run left it behind (kvs-test clean removes leftovers; --bridge/--subnet/--ns-prefix choose others)");
        }
        String holder = Commands.run(List.of("ip", "-o", "-4", "addr", "show", "to", config.hostAddress())).output().strip();
        if (!holder.isEmpty()) {
            throw new ClusterException("the host address " + config.hostAddress() + " of subnet " + config.subnet()
                    + " is already on interface " + holder.split("\\s+")[1] + " (another cluster on the same subnet?): choose"
                    + " another --subnet, or remove it (kvs-test clean; scripts/netns-cluster down)");
        }
        NetnsCluster cluster = new NetnsCluster(spec, StateFiles.fresh(stateDir, "netns"), config);
        cluster.closeOnExit();
        try {
            cluster.bridgeMade = true;
            cluster.save();
            Commands.check(List.of("ip", "-batch", "-"), "link add " + config.bridge() + " type bridge\n"
                    + "addr add " + config.hostAddress() + "/24 dev " + config.bridge() + "\n"
                    + "link set " + config.bridge() + " up\n");
            cluster.startInitial(replicas);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    static NetnsCluster attach(Path file, Map<String, String> state) {
        NetnsConfig config = new NetnsConfig(state.get("netns.subnet"), state.get("netns.bridge"), state.get("netns.prefix"),
                Integer.parseInt(state.get("netns.port")));
        NetnsCluster cluster = new NetnsCluster(specOf(state), file, config);
        cluster.bridgeMade = Boolean.parseBoolean(state.getOrDefault("netns.bridgemade", "true"));
        cluster.restore(state);
        return cluster;
    }

    /**
     * Removes, by name, every namespace {@code <prefix><digits>} (killing what runs inside), the
     * host-side veths {@code <prefix>v<digits>} and the bridge of {@code config}: for leftovers of a
     * cluster whose state file is gone. Touches nothing else.
     */
    public static List<String> removeByName(NetnsConfig config) {
        List<String> removed = new ArrayList<>();
        String pattern = java.util.regex.Pattern.quote(config.namespacePrefix()) + "\\d+";
        for (String line : Commands.run(List.of("ip", "netns", "list")).output().split("\n")) {
            String ns = line.strip().split("\\s+")[0];
            if (!ns.matches(pattern)) {
                continue;
            }
            for (String pid : Commands.run(List.of("ip", "netns", "pids", ns)).output().split("\\s+")) {
                if (!pid.isBlank()) {
                    Commands.signal(Long.parseLong(pid.strip()), "KILL");
                }
            }
            awaitEmpty(ns);
            Commands.run(List.of("ip", "netns", "del", ns));
            removed.add("namespace " + ns);
        }
        String vethPattern = java.util.regex.Pattern.quote(config.namespacePrefix()) + "v\\d+";
        for (String line : Commands.run(List.of("ip", "-o", "link", "show")).output().split("\n")) {
            String[] parts = line.split(": ");
            if (parts.length > 1) {
                String name = parts[1].replaceAll("@.*", "");
                if (name.matches(vethPattern) && Commands.run(List.of("ip", "link", "del", name)).ok()) {
                    removed.add("veth " + name);
                }
            }
        }
        if (Commands.run(List.of("ip", "link", "del", config.bridge())).ok()) {
            removed.add("bridge " + config.bridge());
        }
        return removed;
    }

    public NetnsConfig config() {
        return config;
    }

    @Override
    List<String> launchPrefix(int i) {
        return List.of("ip", "netns", "exec", config.namespace(i));
    }

    @Override
    String newMemberAddress(int i) {
        if (i >= NetnsConfig.MAX_MEMBERS) {
            throw new ClusterException("at most " + NetnsConfig.MAX_MEMBERS + " members fit in " + config.subnet());
        }
        String ns = config.namespace(i);
        String veth = config.veth(i);
        Commands.check(List.of("ip", "-batch", "-"), "netns add " + ns + "\n"
                + "link add " + veth + " type veth peer name eth0 netns " + ns + "\n"
                + "link set " + veth + " master " + config.bridge() + "\n"
                + "link set " + veth + " up\n");
        Commands.check(List.of("ip", "-n", ns, "-batch", "-"), "link set lo up\n"
                + "addr add " + config.ip(i) + "/24 dev eth0\n"
                + "link set eth0 up\n");
        nft(i, List.of("-f", "-"), RULESET);
        return config.address(i);
    }

    @Override
    void killStragglers(int i) {
        String ns = config.namespace(i);
        for (String pid : Commands.run(List.of("ip", "netns", "pids", ns)).output().split("\\s+")) {
            if (!pid.isBlank()) {
                Commands.signal(Long.parseLong(pid.strip()), "KILL");
            }
        }
        awaitEmpty(ns);
    }

    private static void awaitEmpty(String ns) {
        for (int tries = 0; tries < 250; tries++) {
            Commands.Result pids = Commands.run(List.of("ip", "netns", "pids", ns));
            if (!pids.ok() || pids.output().isBlank()) {
                return;
            }
            sleep(20);
        }
    }

    @Override
    void removeNetwork() {
        for (Member m : members) {
            Commands.run(List.of("ip", "netns", "del", config.namespace(m.index)));
            Commands.run(List.of("ip", "link", "del", config.veth(m.index)));
        }
        if (bridgeMade) {
            Commands.run(List.of("ip", "link", "del", config.bridge()));
        }
    }

    @Override
    void describe(Map<String, String> state) {
        state.put("kind", "netns");
        state.put("netns.subnet", config.subnet());
        state.put("netns.bridge", config.bridge());
        state.put("netns.prefix", config.namespacePrefix());
        state.put("netns.port", Integer.toString(config.port()));
        state.put("netns.bridgemade", Boolean.toString(bridgeMade));
    }

    @Override
    public synchronized void partition(Set<Integer> side, Set<Integer> other, boolean oneWay) {
        requireDistinct(side, other);
        for (int i : new TreeSet<>(side)) {
            member(i);
        }
        for (int i : new TreeSet<>(other)) {
            member(i);
        }
        if (oneWay) {
            for (int b : new TreeSet<>(other)) {
                addElements(b, "oneway", ips(side));
            }
            return;
        }
        for (int a : new TreeSet<>(side)) {
            addElements(a, "cut", ips(other));
        }
        for (int b : new TreeSet<>(other)) {
            addElements(b, "cut", ips(side));
        }
    }

    @Override
    public synchronized void hang(int i) {
        member(i);
        addElements(i, "cutnet", List.of(config.subnet()));
        for (Member m : members) {
            if (m.index != i) {
                addElements(m.index, "cut", List.of(config.ip(i)));
            }
        }
    }

    @Override
    public synchronized void heal() {
        for (Member m : members) {
            nft(m.index, List.of("-f", "-"), "flush set inet " + TABLE + " cut\nflush set inet " + TABLE
                    + " cutnet\nflush set inet " + TABLE + " oneway\n");
        }
        resumeAll();
    }

    @Override
    String memberStatus(int i) {
        return "cuts=[" + (elements(i, "cut") + elements(i, "cutnet")).strip() + "] oneway-from=[" + elements(i, "oneway").strip() + "]";
    }

    private String elements(int i, String set) {
        Commands.Result listed = Commands.run(List.of("ip", "netns", "exec", config.namespace(i), "nft", "list", "set", "inet",
                TABLE, set));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("elements = \\{([^}]*)\\}").matcher(listed.output());
        return m.find() ? m.group(1).replace(",", "").replaceAll("\\s+", " ").strip() + " " : "";
    }

    private List<String> ips(Set<Integer> group) {
        List<String> ips = new ArrayList<>();
        for (int i : new TreeSet<>(group)) {
            ips.add(config.ip(i));
        }
        return ips;
    }

    private void addElements(int i, String set, List<String> elements) {
        nft(i, List.of("add", "element", "inet", TABLE, set, "{ " + String.join(", ", elements) + " }"), null);
    }

    private void nft(int i, List<String> args, String stdin) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", config.namespace(i), "nft"));
        command.addAll(args);
        Commands.check(command, stdin);
    }

    private static void ensureNft() {
        if (Commands.onPath("nft")) {
            return;
        }
        System.err.println("cluster: nft is missing: installing nftables with apt-get");
        Commands.Result update = Commands.run(List.of("apt-get", "update", "-q"));
        if (!update.ok()) {
            throw new ClusterException("apt-get update failed; install nftables by hand:\n" + update.output());
        }
        Commands.Result install = Commands.run(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q",
                "nftables"));
        if (!install.ok() || !Commands.onPath("nft")) {
            throw new ClusterException("apt-get install nftables failed; install it by hand:\n" + install.output());
        }
    }
}
