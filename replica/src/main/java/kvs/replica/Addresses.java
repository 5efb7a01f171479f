package kvs.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses and checks {@code host:port} addresses, as found in SOCKET_ADDRESS, VIEW and /view bodies. */
public final class Addresses {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

    private Addresses() {}

    /** The address if it is {@code host:port} with a plain host name or IPv4 address and a port 1-65535. */
    public static Optional<String> parse(String text) {
        if (text == null) return Optional.empty();
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) return Optional.empty();
        String host = trimmed.substring(0, colon);
        String port = trimmed.substring(colon + 1);
        if (!HOST.matcher(host).matches() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) return Optional.empty();
        return Optional.of(host + ":" + number);
    }

    public static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** A comma-separated list of addresses, or empty if any entry is malformed or the list is empty. */
    public static Optional<List<String>> parseList(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Optional<String> address = parse(part);
            if (address.isEmpty()) return Optional.empty();
            if (!out.contains(address.get())) out.add(address.get());
        }
        return Optional.of(out);
    }
}
