package kvs.replica;

import static kvs.replica.Http.delete;
import static kvs.replica.Http.get;
import static kvs.replica.Http.put;
import static kvs.replica.Http.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every row of the API table, against three real replicas on loopback. */
class ApiTest {
    static LocalCluster cluster;
    static String a, b, c;
    static int keys;

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start(3);
        a = cluster.at(0);
        b = cluster.at(1);
        c = cluster.at(2);
        await().atMost(Duration.ofSeconds(3)).until(() -> Http.view(a).size() == 3 && Http.view(c).size() == 3);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static String freshKey() {
        return "key" + (++keys);
    }

    @Test
    void putCreatesThenReplacesWithTheExactBodies() {
        String key = freshKey();
        Http.Response created = put(a, key, 1, null);
        assertEquals(201, created.status());
        assertEquals("created", created.json().get("result").asText());
        assertEquals(2, created.json().size());
        assertTrue(created.metadata().isObject());
        Http.Response replaced = put(a, key, 2, created.metadata());
        assertEquals(200, replaced.status());
        assertEquals("replaced", replaced.json().get("result").asText());
        assertEquals("application/json", created.contentType());
    }

    @Test
    void getFindsTheValueOrSaysTheKeyDoesNotExist() {
        String key = freshKey();
        Http.Response missing = get(a, key, null);
        assertEquals(404, missing.status());
        assertEquals("{\"error\":\"Key does not exist\"}", missing.body());
        Http.Response created = put(a, key, "v", null);
        Http.Response found = get(a, key, created.metadata());
        assertEquals(200, found.status());
        assertEquals("found", found.json().get("result").asText());
        assertEquals("v", found.json().get("value").asText());
        assertEquals(created.metadata(), found.metadata());
    }

    @Test
    void putWithoutAValueOrWithNullIs400() {
        String key = freshKey();
        String expected = "{\"error\":\"PUT request does not specify a value\"}";
        Http.Response none = send("PUT", a, "/kvs/" + key, "{\"causal-metadata\":null}");
        assertEquals(400, none.status());
        assertEquals(expected, none.body());
        Http.Response nullValue = send("PUT", a, "/kvs/" + key, "{\"value\":null}");
        assertEquals(400, nullValue.status());
        assertEquals(expected, nullValue.body());
        Http.Response noBody = send("PUT", a, "/kvs/" + key, null);
        assertEquals(400, noBody.status());
        assertEquals(404, get(a, key, null).status(), "a failed PUT changes nothing");
    }

    @Test
    void aKeyOf50CharactersIsAcceptedAndOneOf51Is400() {
        String fifty = "k".repeat(50);
        assertEquals(201, put(a, fifty, 1, null).status());
        Http.Response tooLong = put(a, "k".repeat(51), 1, null);
        assertEquals(400, tooLong.status());
        assertEquals("{\"error\":\"Key is too long\"}", tooLong.body());
    }

    @Test
    void deleteRemovesTheKeyAndADeletedOrAbsentKeyIs404() {
        String key = freshKey();
        Http.Response created = put(a, key, 1, null);
        Http.Response deleted = delete(a, key, created.metadata());
        assertEquals(200, deleted.status());
        assertEquals("deleted", deleted.json().get("result").asText());
        assertTrue(deleted.metadata().isObject());
        assertEquals(404, get(a, key, deleted.metadata()).status());
        Http.Response again = delete(a, key, deleted.metadata());
        assertEquals(404, again.status());
        assertEquals("{\"error\":\"Key does not exist\"}", again.body());
        assertEquals(404, delete(a, freshKey(), null).status());
    }

    @Test
    void valuesKeepTheirJsonType() throws Exception {
        List<String> values = List.of("1", "-2.5", "\"1\"", "true", "{\"a\":[1,{\"b\":null}]}", "[1,\"x\"]", "\"\"");
        for (String value : values) {
            String key = freshKey();
            Http.Response created = send("PUT", a, "/kvs/" + key, "{\"value\":" + value + "}");
            assertEquals(201, created.status(), value);
            Http.Response found = get(b, key, created.metadata());
            if (found.status() == 503) {
                await().atMost(Duration.ofSeconds(1)).until(() -> get(b, key, created.metadata()).status() == 200);
                found = get(b, key, created.metadata());
            }
            assertEquals(Http.JSON.readTree(value), found.json().get("value"), value);
        }
    }

    @Test
    void viewRowsFollowTheApi() {
        assertEquals(List.of(a, b, c).stream().sorted().toList(), Http.view(a));
        // a live replica outside the cluster, so the failure detector has no reason to drop it
        String strangerAddress = "127.0.0.1:" + LocalCluster.freePort();
        try (ReplicaServer stranger = ReplicaServer.start(strangerAddress, List.of(strangerAddress))) {
            String body = "{\"socket-address\":\"" + stranger.address() + "\"}";
            Http.Response notThere = send("DELETE", a, "/view", body);
            assertEquals(404, notThere.status());
            assertEquals("{\"error\":\"View has no such replica\"}", notThere.body());
            Http.Response present = send("PUT", a, "/view", "{\"socket-address\":\"" + b + "\"}");
            assertEquals(200, present.status());
            assertEquals("{\"result\":\"already present\"}", present.body());
            Http.Response added = send("PUT", a, "/view", body);
            assertEquals(201, added.status());
            assertEquals("{\"result\":\"added\"}", added.body());
            assertTrue(Http.view(a).contains(stranger.address()));
            Http.Response deleted = send("DELETE", a, "/view", body);
            assertEquals(200, deleted.status());
            assertEquals("{\"result\":\"deleted\"}", deleted.body());
            assertTrue(!Http.view(a).contains(stranger.address()));
        }
    }

    @Test
    void aCausalChainAcrossThreeReplicasIsNeverSeenOutOfOrder() {
        for (int round = 0; round < 20; round++) {
            String x = freshKey(), y = freshKey();
            Http.Response wx = put(a, x, "cause" + round, null);
            Http.Response rx = get(b, x, wx.metadata());
            while (rx.status() == 503) rx = get(b, x, wx.metadata());
            assertEquals("cause" + round, rx.json().get("value").asText());
            Http.Response wy = put(b, y, "effect" + round, rx.metadata());
            Http.Response ry = get(c, y, null);
            if (ry.status() == 200) {
                // C shows the effect, so it must show the cause: with the metadata it got, never stale or missing
                Http.Response rxAtC = get(c, x, ry.metadata());
                assertEquals(200, rxAtC.status());
                assertEquals("cause" + round, rxAtC.json().get("value").asText());
            }
            Http.Response withMetadata = get(c, x, wy.metadata());
            assertTrue(withMetadata.status() == 503 || withMetadata.json().get("value").asText().equals("cause" + round),
                    withMetadata.body());
        }
    }

    @Test
    void metadataAheadOfAReplicaGets503AndOlderMetadataIsServed() {
        String key = freshKey();
        Http.Response created = put(a, key, 1, null);
        ObjectNode ahead = (ObjectNode) created.metadata().deepCopy();
        String writer = ahead.fieldNames().next();
        ahead.put(writer, 1_000_000L);
        String notSatisfied = "{\"error\":\"Causal dependencies not satisfied; try again later\"}";
        for (String replica : List.of(a, b, c)) {
            Http.Response got = get(replica, key, ahead);
            assertEquals(503, got.status());
            assertEquals(notSatisfied, got.body());
            assertEquals(503, put(replica, key, 2, ahead).status());
            assertEquals(503, delete(replica, key, ahead).status());
        }
        await().atMost(Duration.ofSeconds(1)).until(() -> get(c, key, created.metadata()).status() == 200);
        assertEquals(1, get(c, key, null).json().get("value").asInt(), "the 503s changed nothing");
    }

    @Test
    void aWriteAtOneReplicaIsReadableAtAnotherWithin100MillisecondsTypically() {
        List<Long> lags = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String key = freshKey();
            long start = System.nanoTime();
            put(a, key, i, null);
            while (get(b, key, null).status() != 200) {
                assertTrue(System.nanoTime() - start < 1_000_000_000L, "not visible within 1 s");
            }
            lags.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(lags);
        assertTrue(lags.get(lags.size() / 2) < 100, "median lag " + lags);
    }

    @Test
    void keysNamedLikeInternalEndpointsAreOrdinaryKeys() {
        for (String key : List.of("internal", "sync", "replicate", "view", "kvs", "internal%2Fv1%2Fmessage")) {
            Http.Response created = put(a, key, key, null);
            assertEquals(201, created.status(), key);
            assertEquals(key, get(a, key, created.metadata()).json().get("value").asText(), key);
        }
        assertEquals(3, Http.view(a).size());
    }

    @Test
    void aGetOrDeleteWithNoBodyOrNoContentTypeTreatsMetadataAsNull() {
        String key = freshKey();
        put(a, key, 5, null);
        assertEquals(5, send("GET", a, "/kvs/" + key, null).json().get("value").asInt());
        assertEquals(5, send("GET", a, "/kvs/" + key, "").json().get("value").asInt());
        assertEquals(200, send("DELETE", a, "/kvs/" + key, null).status());
    }

    @Test
    void malformedRequestsGet4xxWithAnErrorBodyAndLeaveTheReplicaHealthy() {
        String key = freshKey();
        List<Http.Response> responses = new ArrayList<>();
        responses.add(send("PUT", a, "/kvs/" + key, "{\"value\": 1"));           // bad JSON
        responses.add(send("PUT", a, "/kvs/" + key, "[1,2,3]"));                  // not an object
        responses.add(send("PUT", a, "/kvs/" + key, "\"just a string\""));
        responses.add(send("PUT", a, "/view", "{\"socket-address\": 5}"));
        responses.add(send("PUT", a, "/view", "{\"socket-address\": \"no-port\"}"));
        responses.add(send("PUT", a, "/view", "{oops"));
        responses.add(send("DELETE", a, "/view", "{}"));
        responses.add(send("POST", a, "/kvs/" + key, "{\"value\":1}"));         // wrong method
        responses.add(send("PATCH", a, "/view", "{}"));
        responses.add(send("GET", a, "/internal/v1/message", null));
        responses.add(send("GET", a, "/nowhere", null));                          // unknown path
        responses.add(send("GET", a, "/", null));
        responses.add(send("POST", a, "/internal/v1/message", "{\"type\":\"nonsense\"}"));
        responses.add(send("POST", a, "/internal/v1/message", "{\"type\":\"replicate\",\"origin\":\"x\",\"writes\":[{}]}"));
        responses.add(send("PUT", a, "/kvs/" + key, "{\"value\":\"" + "x".repeat(2 << 20) + "\"}")); // too large
        for (Http.Response r : responses) {
            assertTrue(r.status() >= 400 && r.status() < 500, r.status() + " " + r.body());
            assertTrue(r.json().get("error").isTextual(), r.body());
            assertEquals("application/json", r.contentType());
        }
        assertEquals(413, responses.get(responses.size() - 1).status());
        assertEquals(405, responses.get(7).status());
        assertEquals(404, responses.get(10).status());
        // metadata of the wrong shape is null metadata, never a 500
        for (String metadata : List.of("[1,2]", "\"abc\"", "42", "{\"x\":\"y\"}", "{\"127.0.0.1:1#1\":-3}", "{\"a\":{\"b\":1}}")) {
            Http.Response r = send("PUT", a, "/kvs/" + key, "{\"value\":1,\"causal-metadata\":" + metadata + "}");
            assertTrue(r.status() == 201 || r.status() == 200, metadata + " -> " + r.body());
            assertEquals(200, send("GET", a, "/kvs/" + key, "{\"causal-metadata\":" + metadata + "}").status());
        }
        assertEquals(200, send("GET", a, "/view", null).status());
        assertEquals(404, get(b, freshKey(), null).status());
    }

    @Test
    void replicasSharingAClusterTokenReplicateToEachOther() {
        String first = "127.0.0.1:" + LocalCluster.freePort(), second = "127.0.0.1:" + LocalCluster.freePort();
        List<String> view = List.of(first, second);
        java.util.Optional<String> token = java.util.Optional.of("shared-secret");
        try (ReplicaServer one = ReplicaServer.start(kvs.core.replica.ReplicaConfig.of(first, view, 1), token);
             ReplicaServer two = ReplicaServer.start(kvs.core.replica.ReplicaConfig.of(second, view, 1), token)) {
            await().atMost(Duration.ofSeconds(3)).until(() -> Http.view(first).size() == 2 && Http.view(second).size() == 2);
            Http.Response created = put(one.address(), "guarded", "v", null);
            await().atMost(Duration.ofSeconds(2)).until(() -> get(two.address(), "guarded", created.metadata()).status() == 200);
            assertEquals(2, Http.view(first).size(), "nobody was taken for down");
        }
    }

    @Test
    void internalEndpointsRefuseRequestsWithoutTheClusterToken() {
        String address = "127.0.0.1:" + LocalCluster.freePort();
        ReplicaServer guarded = ReplicaServer.start(
                kvs.core.replica.ReplicaConfig.of(address, List.of(address), 1), java.util.Optional.of("s3cret"));
        try {
            Http.Response refused = send("POST", address, "/internal/v1/message", "{\"type\":\"ping\"}");
            assertEquals(401, refused.status());
            assertEquals(200, send("GET", address, "/view", null).status(), "the client API needs no token");
            JsonNode view = send("GET", address, "/view", null).json();
            assertEquals(1, view.get("view").size());
        } finally {
            guarded.close();
        }
    }
}
