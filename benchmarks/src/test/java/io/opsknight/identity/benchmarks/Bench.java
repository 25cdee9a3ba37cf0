package io.opsknight.identity.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** HTTP helpers for the benchmark: one shared client, JSON, forms, and the master admin token. */
final class Bench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON (" + status + "): " + body, e);
            }
        }

        Reply expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("Expected " + expected + ", got " + status + ": " + body);
            }
            return this;
        }
    }

    private final String base;
    private String adminToken;
    private long adminTokenAt;

    Bench(String base) {
        this.base = base;
    }

    String base() {
        return base;
    }

    /** A master-realm admin token, renewed every 30 s (its lifespan is 60 s). */
    synchronized String admin() {
        if (adminToken == null || System.nanoTime() - adminTokenAt > Duration.ofSeconds(30).toNanos()) {
            adminToken = form(base + "/realms/master/protocol/openid-connect/token", Map.of("grant_type", "password",
                    "client_id", "admin-cli", "username", BenchServer.ADMIN, "password", BenchServer.ADMIN_PASSWORD))
                    .expect(200).json().path("access_token").asText();
            adminTokenAt = System.nanoTime();
        }
        return adminToken;
    }

    Reply adminCall(String method, String path, Object body) {
        return send(method, base + "/admin/realms" + path, admin(), "application/json", body == null ? null : json(body));
    }

    static Reply send(String method, String url, String bearer, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.header("Accept", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Reply form(String url, Map<String, String> fields) {
        return send("POST", url, null, "application/x-www-form-urlencoded", encode(fields));
    }

    static Reply form(String url, String bearer, Map<String, String> fields) {
        return send("POST", url, bearer, "application/x-www-form-urlencoded", encode(fields));
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
