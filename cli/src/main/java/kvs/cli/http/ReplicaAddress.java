package kvs.cli.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A replica's {@code ip:port} (a host name is accepted too), as the course's set-up names them. */
public record ReplicaAddress(String host, int port) implements Comparable<ReplicaAddress> {
    private static final Pattern FORM = Pattern.compile("([A-Za-z0-9.\\-]+):([0-9]{1,5})");

    public ReplicaAddress {
        if (host == null || host.isEmpty()) throw new IllegalArgumentException("a replica address needs a host");
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /** Parses {@code ip:port}; throws {@link IllegalArgumentException} with a readable message otherwise. */
    public static ReplicaAddress parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an IP:PORT address: '" + text + "'");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("port out of range in '" + text + "'");
        return new ReplicaAddress(m.group(1), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }

    @Override
    public int compareTo(ReplicaAddress other) {
        return toString().compareTo(other.toString());
    }
}
