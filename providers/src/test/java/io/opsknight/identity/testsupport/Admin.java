package io.opsknight.identity.testsupport;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/** The master-realm admin client of the test server. */
public final class Admin {

    private static Keycloak client;

    private Admin() {
    }

    public static synchronized Keycloak client() {
        if (client == null) {
            client = KeycloakBuilder.builder()
                    .serverUrl(KeycloakServer.get().baseUrl())
                    .realm("master").clientId("admin-cli")
                    .username(KeycloakServer.ADMIN_USER).password(KeycloakServer.ADMIN_PASSWORD)
                    .build();
        }
        return client;
    }
}
