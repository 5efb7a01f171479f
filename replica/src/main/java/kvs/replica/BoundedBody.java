package kvs.replica;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of a peer's answer, read into memory up to a limit: an answer that declares more, or
 * sends more, fails the call (as an unreachable peer does) instead of growing the heap. A peer
 * is trusted with its signature, never with its size.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long bytesMax;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private BoundedBody(long bytesMax) {
        this.bytesMax = bytesMax;
    }

    /** A handler whose bodies fail past {@code bytesMax} bytes, declared or received. */
    static HttpResponse.BodyHandler<byte[]> handler(long bytesMax) {
        return info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            BoundedBody body = new BoundedBody(bytesMax);
            if (declared > bytesMax) body.result.completeExceptionally(tooLarge(bytesMax, "declares " + declared + " bytes"));
            return body;
        };
    }

    private static IOException tooLarge(long bytesMax, String what) {
        return new IOException("the peer's answer " + what + ", over the limit of " + bytesMax + " bytes");
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) s.cancel();
        else s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) return;
        for (ByteBuffer b : buffers) {
            if (bytes.size() + (long) b.remaining() > bytesMax) {
                subscription.cancel();
                result.completeExceptionally(tooLarge(bytesMax, "is longer"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }
}
