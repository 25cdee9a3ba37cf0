package io.opsknight.identity.testsupport;

/** Calls to our REST API {@code /realms/{realm}/opsknight} as one caller. */
public final class Api {

    private final String base;
    private final String token;

    public Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public Http.Reply get(String path) {
        return Http.send("GET", base + path, token, null, null);
    }

    public Http.Reply delete(String path) {
        return Http.send("DELETE", base + path, token, null, null);
    }

    public Http.Reply post(String path, Object body) {
        return Http.send("POST", base + path, token, body == null ? null : "application/json", body == null ? null : Http.json(body));
    }

    public Http.Reply put(String path, Object body) {
        return Http.send("PUT", base + path, token, "application/json", Http.json(body));
    }

    /** Raw request, for malformed bodies and wrong content types. */
    public Http.Reply raw(String method, String path, String contentType, String body) {
        return Http.send(method, base + path, token, contentType, body);
    }
}
