package kvs.core.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import kvs.core.Check;

/**
 * The signatures that stand for {@code CLUSTER_TOKEN} on the wire: the token itself never travels.
 * A request is signed with an HMAC-SHA256, keyed by the token, over its method, path, sender, time,
 * nonce and the SHA-256 of its body; an answer over its status, the request's nonce, its own time
 * and nonce and the SHA-256 of its body, so an answer cannot be replayed to another request.
 *
 * <p>Pure: the caller supplies the time and the nonce (the driver reads its clock and draws nonces
 * from a secure generator), so the same arguments always give the same signature.
 */
public final class Signature {
    public static final String FROM_HEADER = "X-Kvs-From";
    public static final String TIME_HEADER = "X-Kvs-Time";
    public static final String NONCE_HEADER = "X-Kvs-Nonce";
    public static final String SIGNATURE_HEADER = "X-Kvs-Signature";

    private static final String SCHEME = "KVS-HMAC-SHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    public Signature(String token) {
        Check.argument(token != null && !token.isEmpty(), "an empty cluster token");
        this.key = new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The signature of a request, as lower-case hex. */
    public String request(String method, String path, String from, long timeMillis, String nonce, byte[] body) {
        return hmac(String.join("\n", SCHEME, "request", method, path, from, Long.toString(timeMillis), nonce, sha256(body)));
    }

    /** The signature of the answer, with {@code status}, to the request that carried {@code requestNonce}. */
    public String answer(int status, String requestNonce, long timeMillis, String nonce, byte[] body) {
        return hmac(String.join("\n", SCHEME, "answer", Integer.toString(status), requestNonce,
                Long.toString(timeMillis), nonce, sha256(body)));
    }

    /** Compares in time independent of where the two differ. */
    public static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    /** A nonce as sent: 32 hex digits from 16 random bytes the caller drew. */
    public static String nonce(byte[] sixteenRandomBytes) {
        Check.argument(sixteenRandomBytes.length == 16, "a nonce takes 16 bytes");
        return HEX.formatHex(sixteenRandomBytes);
    }

    /** True for what {@link #nonce} produces. */
    public static boolean wellFormedNonce(String nonce) {
        if (nonce == null || nonce.length() != 32) return false;
        for (int i = 0; i < nonce.length(); i++) {
            if (Character.digit(nonce.charAt(i), 16) < 0 || Character.isUpperCase(nonce.charAt(i))) return false;
        }
        return true;
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
