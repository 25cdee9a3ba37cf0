package io.opsknight.identity.invitation;

import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.common.Paging;
import io.opsknight.identity.outbox.Delivery;
import io.opsknight.identity.outbox.Outbox;
import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiException;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.rest.JsonBody;
import io.opsknight.identity.roles.Permission;
import io.opsknight.identity.roles.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /invitations}. Every method needs {@code users:invite}, except the accept form's post, which
 * the invitee's browser sends with the link's key. Not an ApiResource: its bare {id} goes through the
 * locator to {@link InvitationResource}, which answers unknown sub-paths.
 */
public class InvitationsResource {

    static final int DEFAULT_MAX = 50;
    static final int MAX_MAX = 200;

    private final KeycloakSession session;

    public InvitationsResource(KeycloakSession session) {
        this.session = session;
    }

    private Caller inviter() {
        return Caller.authenticate(session).require(Permission.USERS_INVITE);
    }

    @POST
    @Path("")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@Context HttpHeaders headers, String body) {
        Caller caller = inviter();
        JsonBody json = JsonBody.parse(headers, body).onlyFields(Set.of("email", "name", "role"));
        String email = PersonInput.email(json.requiredString("email"))
                .orElseThrow(() -> ApiException.badRequest("invalid_email", "Field 'email' must be a valid email address."));
        String name = PersonInput.name(json.requiredString("name"))
                .orElseThrow(() -> ApiException.badRequest("invalid_name", "Field 'name' must be 1 to "
                        + PersonInput.MAX_NAME_LENGTH + " characters without control characters."));
        String requestedRole = json.requiredString("role");
        Role role = ApiErrors.call(() -> Role.require(requestedRole, "invalid_role", "role"));

        InvitationService.Issued issued = ApiErrors.call(() ->
                new InvitationService(session, caller.realm()).invite(caller.user(), email, name, role));
        URI location = session.getContext().getUri().getAbsolutePathBuilder().path(issued.invitation().getId()).build();
        return Response.created(location).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(InvitationView.issued(issued, Time.currentTimeMillis())).build();
    }

    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public List<InvitationView> list(@QueryParam("status") String status, @QueryParam("email") String email,
                                     @QueryParam("first") String first, @QueryParam("max") String max) {
        Caller caller = inviter();
        InvitationStatus filter = null;
        if (status != null && !status.isBlank()) {
            filter = InvitationStatus.parse(status).orElseThrow(() -> ApiException.badRequest("invalid_status",
                    "Parameter 'status' must be PENDING, ACCEPTED, EXPIRED or REVOKED."));
        }
        String address = email == null || email.isBlank() ? null : PersonInput.email(email).orElseThrow(() ->
                ApiException.badRequest("invalid_email", "Parameter 'email' must be a valid email address."));
        Paging paging = ApiErrors.call(() -> Paging.parse(first, max, DEFAULT_MAX, MAX_MAX));
        long now = Time.currentTimeMillis();
        RealmModel realm = caller.realm();
        List<InvitationEntity> page = new InvitationStore(session).list(realm.getId(), filter, address, now, paging.first(), paging.max());
        Map<String, Delivery> deliveries = Outbox.emailDeliveries(session, page.stream().map(InvitationEntity::getId).toList());
        return page.stream().map(i -> InvitationView.of(i, now, deliveries.get(i.getId()))).toList();
    }

    /** The accept page's form post: no token, the invitee's browser sends the link's key. */
    @Path("accept")
    public InvitationAcceptResource accept() {
        return new InvitationAcceptResource(session, session.getContext().getRealm());
    }

    /** Many at once, CSV or JSON, with a dry run (each method checks {@code users:invite}). */
    @Path("batch")
    public InvitationBatchResource batch() {
        return new InvitationBatchResource(session);
    }

    @Path("{id}")
    public InvitationResource invitation(@PathParam("id") String id) {
        Caller caller = inviter();
        InvitationEntity invitation = new InvitationStore(session).find(caller.realm().getId(), id)
                .orElseThrow(() -> ApiException.notFound("No invitation with id '" + id + "'."));
        return new InvitationResource(session, caller, invitation);
    }
}
