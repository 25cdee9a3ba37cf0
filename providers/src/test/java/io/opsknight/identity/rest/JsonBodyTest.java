package io.opsknight.identity.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonBodyTest {

    private static HttpHeaders contentType(String type) {
        return (HttpHeaders) Proxy.newProxyInstance(HttpHeaders.class.getClassLoader(), new Class<?>[]{HttpHeaders.class},
                (proxy, method, args) -> method.getName().equals("getMediaType") && type != null ? MediaType.valueOf(type) : null);
    }

    private static int statusOf(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.status();
        }
        return 200;
    }

    @Test
    void refusesMissingBodyWrongTypeAndMalformedJson() {
        assertThat(statusOf(() -> JsonBody.parse(contentType("application/json"), ""))).isEqualTo(400);
        assertThat(statusOf(() -> JsonBody.parse(contentType("text/plain"), "{}"))).isEqualTo(415);
        assertThat(statusOf(() -> JsonBody.parse(contentType(null), "{}"))).isEqualTo(415);
        assertThat(statusOf(() -> JsonBody.parse(contentType("application/json"), "{\"role\":"))).isEqualTo(400);
        assertThat(statusOf(() -> JsonBody.parse(contentType("application/json"), "[1,2]"))).isEqualTo(400);
    }

    @Test
    void readsTypedFields() {
        JsonBody body = JsonBody.parse(contentType("application/json; charset=utf-8"),
                "{\"role\":\"ADMIN\",\"flag\":true,\"days\":30}");
        assertThat(body.requiredString("role")).isEqualTo("ADMIN");
        assertThat(body.bool("flag")).contains(true);
        assertThat(body.integer("days")).contains(30);
        assertThatThrownBy(() -> body.requiredString("name")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> body.bool("role")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> body.onlyFields(Set.of("role"))).isInstanceOf(ApiException.class);
    }
}
