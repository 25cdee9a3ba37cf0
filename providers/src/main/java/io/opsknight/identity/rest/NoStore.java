package io.opsknight.identity.rest;

/**
 * The one cache rule of every answer that carries a secret or a person's data for this request only (a new API
 * token, the setup result, an invitation form, a signed-in page and its redirects): {@code Cache-Control: no-store},
 * so neither the browser's history nor a proxy keeps a copy.
 */
public final class NoStore {

    public static final String HEADER = "Cache-Control";
    public static final String VALUE = "no-store";

    private NoStore() {
    }
}
