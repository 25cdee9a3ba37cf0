package io.opsknight.identity.audit;

import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;

import java.util.List;

/** {@code GET /audit?type=&user=&actor=&from=&to=&first=&max=}: the audit trail, newest first (ADMIN). */
public class AuditResource {

    private final KeycloakSession session;
    private final Caller caller;

    public AuditResource(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public List<AuditEvent> list(@QueryParam("type") String type, @QueryParam("user") String user,
                                 @QueryParam("actor") String actor, @QueryParam("from") String from,
                                 @QueryParam("to") String to, @QueryParam("first") String first,
                                 @QueryParam("max") String max) {
        caller.requireAdmin();
        AuditFilter filter = ApiErrors.call(() -> AuditFilter.parse(type, user, actor, from, to, first, max));
        return AuditTrail.page(session, caller.realm(), filter);
    }
}
