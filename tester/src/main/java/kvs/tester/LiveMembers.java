package kvs.tester;

import java.util.ArrayList;
import java.util.List;
import kvs.cli.http.ReplicaAddress;
import kvs.cli.workload.Workload;
import kvs.tester.nemesis.Nemesis;

/** The members as the sessions see them: joins appear once they answer; kills are announced to sessions. */
final class LiveMembers implements Workload.Membership, Nemesis.Listener {
    private volatile List<ReplicaAddress> replicas;
    private final List<ReplicaAddress> killed = new ArrayList<>();
    private volatile String current = "";

    LiveMembers(List<String> addresses) {
        List<ReplicaAddress> list = new ArrayList<>();
        for (String a : addresses) {
            list.add(ReplicaAddress.parse(a));
        }
        this.replicas = List.copyOf(list);
    }

    @Override
    public List<ReplicaAddress> replicas() {
        return replicas;
    }

    @Override
    public synchronized int kills() {
        return killed.size();
    }

    @Override
    public synchronized ReplicaAddress killed(int i) {
        return killed.get(i);
    }

    @Override
    public synchronized void killed(Nemesis.Kill kill) {
        killed.add(ReplicaAddress.parse(kill.address()));
    }

    @Override
    public synchronized void joined(int member, String address) {
        List<ReplicaAddress> list = new ArrayList<>(replicas);
        list.add(ReplicaAddress.parse(address));
        replicas = List.copyOf(list);
    }

    @Override
    public void current(String description) {
        current = description;
    }

    String currentFault() {
        return current;
    }
}
