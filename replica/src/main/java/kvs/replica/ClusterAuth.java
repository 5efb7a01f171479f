package kvs.replica;

import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import kvs.core.Limits;
import kvs.core.wire.Signature;

/**
 * The driver's side of {@link Signature}: it reads the wall clock, draws nonces, and remembers the
 * nonces of the requests it accepted for as long as their time is within the window, so that a
 * request replayed within the window is refused as well as one replayed after it.
 */
final class ClusterAuth {
    /** The headers of a signed message. */
    record Signed(String timeMillis, String nonce, String signature) {}

    private final Signature signature;
    private final long windowMillis;
    private final int noncesMax;
    private final SecureRandom random = new SecureRandom();
    /** Nonce → when it may be forgotten, in insertion order (about time order); guarded by itself. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    ClusterAuth(String token, Limits limits) {
        this.signature = new Signature(token);
        this.windowMillis = limits.signatureWindowMillis();
        this.noncesMax = limits.nonceCacheEntriesMax();
    }

    String newNonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Signature.nonce(bytes);
    }

    static long now() {
        return System.currentTimeMillis();
    }

    Signed signRequest(String method, String path, String from, byte[] body) {
        long time = now();
        String nonce = newNonce();
        return new Signed(Long.toString(time), nonce, signature.request(method, path, from, time, nonce, body));
    }

    Signed signAnswer(int status, String requestNonce, byte[] body) {
        long time = now();
        String nonce = newNonce();
        return new Signed(Long.toString(time), nonce, signature.answer(status, requestNonce, time, nonce, body));
    }

    /** Why the headers of a request cannot be signed ones (checked before its body is read), or empty. */
    Optional<String> precheck(String from, Signed signed) {
        if (from == null || from.isEmpty() || signed.timeMillis() == null || signed.signature() == null) {
            return Optional.of("Missing signature headers (" + Signature.FROM_HEADER + ", " + Signature.TIME_HEADER + ", "
                    + Signature.NONCE_HEADER + ", " + Signature.SIGNATURE_HEADER + ")");
        }
        if (!Signature.wellFormedNonce(signed.nonce())) return Optional.of("Malformed nonce");
        return timeProblem(signed.timeMillis());
    }

    /** Verifies a request with its body, and remembers its nonce; why it is refused, or empty. */
    Optional<String> verifyRequest(String method, String path, String from, Signed signed, byte[] body) {
        Optional<String> problem = precheck(from, signed);
        if (problem.isPresent()) return problem;
        long time = Long.parseLong(signed.timeMillis());
        if (!Signature.same(signature.request(method, path, from, time, signed.nonce(), body), signed.signature())) {
            return Optional.of("Bad signature");
        }
        long now = now();
        synchronized (seen) {
            Iterator<Map.Entry<String, Long>> oldest = seen.entrySet().iterator();
            while (oldest.hasNext() && oldest.next().getValue() < now) oldest.remove();
            if (seen.containsKey(signed.nonce())) return Optional.of("Replayed request (nonce already used)");
            if (seen.size() >= noncesMax) return Optional.of("Too many signed requests in the window; try again later");
            seen.put(signed.nonce(), Math.max(now, time) + windowMillis);
        }
        return Optional.empty();
    }

    /** Verifies the answer to a request that carried {@code requestNonce}; why it is refused, or empty. */
    Optional<String> verifyAnswer(int status, String requestNonce, Signed signed, byte[] body) {
        if (signed.timeMillis() == null || signed.signature() == null || !Signature.wellFormedNonce(signed.nonce())) {
            return Optional.of("unsigned answer");
        }
        Optional<String> problem = timeProblem(signed.timeMillis());
        if (problem.isPresent()) return problem;
        long time = Long.parseLong(signed.timeMillis());
        if (!Signature.same(signature.answer(status, requestNonce, time, signed.nonce(), body), signed.signature())) {
            return Optional.of("bad answer signature");
        }
        return Optional.empty();
    }

    private Optional<String> timeProblem(String timeText) {
        long time;
        try {
            time = Long.parseLong(timeText);
        } catch (NumberFormatException e) {
            return Optional.of("Malformed time");
        }
        long now = now();
        if (time < now - windowMillis || time > now + windowMillis) {
            return Optional.of("Stale or future time (more than " + windowMillis + " ms from this replica's clock)");
        }
        return Optional.empty();
    }
}
