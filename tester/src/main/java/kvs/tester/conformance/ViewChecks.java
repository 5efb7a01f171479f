package kvs.tester.conformance;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The view endpoints: every replica's view is complete; adding a member already present; deleting
 * an address that is no member; adding an address where nothing listens, and deleting it again.
 * The cluster is left with complete views (or after the settle time).
 */
final class ViewChecks {
    static final String GROUP = "views";

    private final Probe probe;

    ViewChecks(Probe probe) {
        this.probe = probe;
    }

    void run() {
        for (int i = 0; i < probe.size(); i++) {
            probe.check(GROUP, "GET /view at replica " + (i + 1) + ": every replica, itself included",
                    probe.request(i, "GET", "/view", Optional.empty()), Expect.view(probe.cluster.addresses()));
        }
        String member = probe.address(probe.size() - 1);
        String stranger = host(probe.address(0)) + ":1";
        probe.check(GROUP, "PUT /view of a member already in the view: already present",
                probe.request(0, "PUT", "/view", addressBody(member)), Expect.plainResult(200, "already present"));
        probe.check(GROUP, "DELETE /view of an address not in the view: 404",
                probe.request(0, "DELETE", "/view", addressBody(stranger)), Expect.error(404, "View has no such replica"));
        // Adding and removing an address where nothing listens leaves the live members alone (removing
        // a live member would race with its own announcements and probes).
        probe.check(GROUP, "PUT /view of an address not in the view: added",
                probe.request(0, "PUT", "/view", addressBody(stranger)).withNote("(nothing listens there)"),
                Expect.plainResult(201, "added"));
        probe.check(GROUP, "DELETE /view of an address in the view: deleted",
                probe.request(0, "DELETE", "/view", addressBody(stranger)).withNote("(the address just added)"),
                Expect.plainResult(200, "deleted"));
        Set<Integer> all = new TreeSet<>();
        for (int i = 0; i < probe.size(); i++) all.add(i);
        probe.settle(all);
    }

    static String addressBody(String address) {
        return "{\"socket-address\": " + JsonValues.quote(address) + "}";
    }

    private static String host(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }
}
