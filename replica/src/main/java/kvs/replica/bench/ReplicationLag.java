package kvs.replica.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Replication lag: the time from a write acknowledged by replica A to the moment a client without
 * metadata reads its value at replica B. Writes go one at a time (no load), each with a unique
 * value; B is polled back to back, so a sample is an upper bound of the real lag by one GET's
 * round trip (a fraction of a millisecond on loopback).
 *
 * <p>{@code java -cp kvs-replica.jar kvs.replica.bench.ReplicationLag A_IP:PORT B_IP:PORT [SAMPLES]}
 * prints one line: {@code replication-lag samples=N p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. lost=K}.
 * Exit code 0, 1 when some write never became visible within {@value #VISIBLE_TIMEOUT_MILLIS} ms, 2 when
 * a replica cannot be reached or refuses a write.
 */
public final class ReplicationLag {
    static final long VISIBLE_TIMEOUT_MILLIS = 2_000;
    private static final int SAMPLES_DEFAULT = 500;
    private static final int SAMPLES_MAX = 1_000_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT)
            .build();

    private ReplicationLag() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ReplicationLag A_IP:PORT B_IP:PORT [SAMPLES]");
            System.exit(64);
        }
        int samples = args.length == 3 ? parseSamples(args[2]) : SAMPLES_DEFAULT;
        Result result;
        try {
            result = new ReplicationLag().measure(args[0], args[1], samples);
        } catch (IOException | IllegalStateException e) {
            System.err.println("ReplicationLag: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + " (are replicas listening at " + args[0] + " and " + args[1] + "?)");
            System.exit(2);
            return;
        }
        Percentiles p = new Percentiles(result.lagNanos());
        System.out.println("replication-lag samples=" + p.count()
                + " p50_ms=" + Percentiles.millis(p.nanosAt(50))
                + " p90_ms=" + Percentiles.millis(p.nanosAt(90))
                + " p99_ms=" + Percentiles.millis(p.nanosAt(99))
                + " max_ms=" + Percentiles.millis(p.maxNanos())
                + " lost=" + result.lost());
        System.exit(result.lost() == 0 ? 0 : 1);
    }

    /** The lags of the writes that became visible, and how many never did. */
    record Result(long[] lagNanos, int lost) {}

    Result measure(String writeAddress, String readAddress, int samples) throws IOException, InterruptedException {
        String run = Long.toString(System.nanoTime(), 36);
        long[] lags = new long[samples];
        int visible = 0;
        int lost = 0;
        for (int i = 0; i < samples; i++) {
            String key = "lag-" + run + "-" + (i % 100);
            String value = "v-" + run + "-" + i;
            put(writeAddress, key, value);
            long ackedNanos = System.nanoTime();
            long deadlineNanos = ackedNanos + VISIBLE_TIMEOUT_MILLIS * 1_000_000;
            boolean seen = false;
            while (!seen && System.nanoTime() < deadlineNanos) {
                seen = value.equals(readValue(readAddress, key));
            }
            if (seen) {
                lags[visible++] = System.nanoTime() - ackedNanos;
            } else {
                lost++;
            }
        }
        if (visible == 0) {
            throw new IllegalStateException("no write at " + writeAddress + " became visible at " + readAddress
                    + " within " + VISIBLE_TIMEOUT_MILLIS + " ms");
        }
        return new Result(java.util.Arrays.copyOf(lags, visible), lost);
    }

    private void put(String address, String key, String value) throws IOException, InterruptedException {
        ObjectNode body = MAPPER.createObjectNode().put("value", value).putNull("causal-metadata");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + "/kvs/" + key))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("PUT " + key + " at " + address + " answered " + response.statusCode()
                    + ": " + response.body());
        }
    }

    /** The value of {@code key} at {@code address} as a string, or "" when absent or not a string. */
    private String readValue(String address, String key) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + "/kvs/" + key))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return "";
        }
        JsonNode value = MAPPER.readTree(response.body()).path("value");
        return value.isTextual() ? value.asText() : "";
    }

    private static int parseSamples(String text) {
        try {
            int samples = Integer.parseInt(text);
            if (samples >= 1 && samples <= SAMPLES_MAX) {
                return samples;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("ReplicationLag: SAMPLES must be an integer in 1.." + SAMPLES_MAX + ", got '" + text + "'");
        System.exit(64);
        throw new AssertionError("unreachable");
    }
}
