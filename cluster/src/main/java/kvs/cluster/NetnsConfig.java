package kvs.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a netns cluster lives: a /24 subnet (the host holds {@code .1} on the bridge, member i holds
 * {@code .(i+2)}), the bridge's name, the prefix of namespace names (member i lives in
 * {@code <prefix><i+1>}, its host-side veth is {@code <prefix>v<i+1>}) and the port every member
 * listens on. The course's layout is {@link #COURSE}: 10.10.0.0/24, port 8090.
 */
public record NetnsConfig(String subnet, String bridge, String namespacePrefix, int port) {
    public static final int MAX_MEMBERS = 250;
    private static final Pattern SUBNET = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.0/24");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    /** Declared after the patterns that its constructor uses. */
    public static final NetnsConfig COURSE = new NetnsConfig("10.10.0.0/24", "kvtbr0", "kvt", 8090);

    public NetnsConfig {
        Matcher m = SUBNET.matcher(subnet);
        if (!m.matches() || Integer.parseInt(m.group(1)) > 255 || Integer.parseInt(m.group(2)) > 255
                || Integer.parseInt(m.group(3)) > 255) {
            throw new IllegalArgumentException("subnet must be an IPv4 /24 written A.B.C.0/24, got '" + subnet + "'");
        }
        if (!NAME.matcher(bridge).matches() || bridge.length() > 15) {
            throw new IllegalArgumentException("bridge name must be 1-15 letters, digits, '-' or '_' starting with a letter, got '"
                    + bridge + "'");
        }
        if (!NAME.matcher(namespacePrefix).matches() || namespacePrefix.length() > 10) {
            throw new IllegalArgumentException("namespace prefix must be 1-10 letters, digits, '-' or '_' starting with a letter"
                    + " (the veth names <prefix>v<N> must fit in 15 characters), got '" + namespacePrefix + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
    }

    /** The first three octets, e.g. {@code 10.10.0}. */
    public String prefix() {
        return subnet.substring(0, subnet.length() - "0/24".length() - 1);
    }

    public String hostAddress() {
        return prefix() + ".1";
    }

    public String ip(int i) {
        return prefix() + "." + (i + 2);
    }

    public String address(int i) {
        return ip(i) + ":" + port;
    }

    public String namespace(int i) {
        return namespacePrefix + (i + 1);
    }

    public String veth(int i) {
        return namespacePrefix + "v" + (i + 1);
    }
}
