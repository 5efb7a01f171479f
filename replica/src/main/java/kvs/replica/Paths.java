package kvs.replica;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Keys from request paths, decoded strictly: percent escapes must form valid UTF-8 (a lone
 * {@code %FF}, {@code %80} or {@code %C3}, or an encoded surrogate, is refused rather than turned
 * into U+FFFD, which would make different paths name one key).
 */
final class Paths {
    private Paths() {}

    /** The key of a raw {@code /kvs/<key>} request URI (origin or absolute form), or empty when it is not valid. */
    static Optional<String> key(String requestUri) {
        String path = requestUri;
        if (!path.startsWith("/")) {
            int scheme = path.indexOf("://");
            int slash = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
            if (slash < 0) return Optional.empty();
            path = path.substring(slash);
        }
        int query = path.indexOf('?');
        if (query >= 0) path = path.substring(0, query);
        Optional<String> decoded = decode(path);
        if (decoded.isEmpty() || !decoded.get().startsWith("/kvs/")) return Optional.empty();
        return Optional.of(decoded.get().substring("/kvs/".length()));
    }

    /** Percent-decodes {@code raw} as UTF-8; empty for a malformed escape or invalid UTF-8. */
    static Optional<String> decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) return Optional.empty();
                int high = Character.digit(raw.charAt(i + 1), 16), low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) return Optional.empty();
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return Optional.empty(); // raw non-ASCII in a request line is not percent-encoded UTF-8
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
