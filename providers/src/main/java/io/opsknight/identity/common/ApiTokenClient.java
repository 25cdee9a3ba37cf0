package io.opsknight.identity.common;

/**
 * The client through which personal API tokens are exchanged (realm-config). Here, below everything, so
 * that the REST caller can tell a token of the API-token grant (issued to this client) from a person's.
 */
public final class ApiTokenClient {

    public static final String ID = "opsknight-api";

    private ApiTokenClient() {
    }
}
