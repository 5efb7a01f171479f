package kvs.cli.command;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;

import kvs.core.wire.Signature;

/**
 * Signs {@code kvs-cli view add|remove} with {@code CLUSTER_TOKEN} from the environment, the way
 * replicas sign their own view changes: an HMAC over method, path, sender, time, nonce and body in
 * headers; the token itself is never sent.
 */
final class ViewSigning {
    static final String SENDER = "kvs-cli";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ViewSigning() {}

    /** The headers that sign {@code method /view} with {@code body}, made now with a fresh nonce. */
    static Map<String, String> headers(String token, String method, String body) {
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        String nonce = Signature.nonce(nonceBytes);
        long now = System.currentTimeMillis();
        String signature = new Signature(token).request(method, "/view", SENDER, now, nonce,
                body.getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new TreeMap<>();
        headers.put(Signature.FROM_HEADER, SENDER);
        headers.put(Signature.TIME_HEADER, Long.toString(now));
        headers.put(Signature.NONCE_HEADER, nonce);
        headers.put(Signature.SIGNATURE_HEADER, signature);
        return headers;
    }
}
