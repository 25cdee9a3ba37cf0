package io.opsknight.identity.testsupport;

import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import java.util.HashMap;
import java.util.Map;

/** The realm's {@code opsknight-web} client made usable from a test. */
public final class WebClient {

    public static final String ID = "opsknight-web";
    public static final String SECRET = "web-secret-for-tests-only";

    private WebClient() {
    }

    /**
     * A known secret, password grants, standard token exchange, its own id in the token's audience, and (when
     * given) its OIDC back-channel logout URL.
     */
    public static void configure(TestRealm realm, String backchannelLogoutUrl) {
        ClientRepresentation rep = realm.resource().clients().findByClientId(ID).get(0);
        ClientResource client = realm.resource().clients().get(rep.getId());
        rep.setSecret(SECRET);
        rep.setDirectAccessGrantsEnabled(true);
        Map<String, String> attributes = new HashMap<>(rep.getAttributes());
        attributes.put("standard.token.exchange.enabled", "true");
        if (backchannelLogoutUrl != null) {
            attributes.put("backchannel.logout.url", backchannelLogoutUrl);
        }
        rep.setAttributes(attributes);
        client.update(rep);
        // Keycloak 26.7 introspects only for a client in the token's audience: put opsknight-web there.
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("self-audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", ID, "access.token.claim", "true",
                "introspection.token.claim", "true"));
        client.getProtocolMappers().createMapper(audience).close();
    }
}
