package io.opsknight.identity.common;

import io.opsknight.identity.metrics.Meters;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * The one log line of a refused request, so that an operator can see who knocked and why:
 * <pre>OpsKnight refused 403 forbidden realm=acme caller=user:1b2c... request="GET /realms/acme/opsknight/users" reason="Only an ADMIN may do this."</pre>
 * {@code caller} is the authenticated user's id when our API knows it, else the client address
 * ({@code ip:127.0.0.1}). 403 and 429 are WARN (someone tried something they may not), everything else
 * INFO. Logger {@value #CATEGORY}. Called once per refusal: by the REST edge for every 403/429 of the API
 * ({@code rest.ApiException}) and by the pages (setup key, CSRF, dead invitation links). A log line is
 * written at once, so it stays when the request's transaction rolls back.
 */
public final class Refusals {

    public static final String CATEGORY = "io.opsknight.identity.refused";
    /** Session attribute with the id of the API's authenticated caller (set by rest.Caller). */
    public static final String CALLER_ATTRIBUTE = "opsknight.refusals.caller";
    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private Refusals() {
    }

    /** Logs the refusal of the current request ({@code session} may be null: the request's own is used). */
    public static void log(KeycloakSession session, int status, String code, String reason) {
        KeycloakSession s = session != null ? session : KeycloakSessionUtil.getKeycloakSession();
        String realm = "?";
        String caller = "?";
        String request = "?";
        if (s != null && s.getContext() != null) {
            RealmModel r = s.getContext().getRealm();
            realm = r == null ? "?" : r.getName();
            Object id = s.getAttribute(CALLER_ATTRIBUTE);
            ClientConnection connection = s.getContext().getConnection();
            caller = id != null ? "user:" + id : "ip:" + (connection == null ? "?" : connection.getRemoteAddr());
            if (s.getContext().getHttpRequest() != null && s.getContext().getUri() != null) {
                request = s.getContext().getHttpRequest().getHttpMethod() + " " + s.getContext().getUri().getRequestUri().getRawPath();
            }
        }
        Meters.refusal(realm, status, code);
        LOG.logf(status == 403 || status == 429 ? Logger.Level.WARN : Logger.Level.INFO,
                "OpsKnight refused %d %s realm=%s caller=%s request=\"%s\" reason=\"%s\"",
                status, code, realm, caller, request, reason == null ? "" : reason.replace('"', '\''));
    }
}
