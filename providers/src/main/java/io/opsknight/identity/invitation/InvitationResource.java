package io.opsknight.identity.invitation;

import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import io.opsknight.identity.outbox.Delivery;
import io.opsknight.identity.outbox.Outbox;

import java.util.List;


/** {@code /invitations/{id}}: one invitation; the caller holds {@code users:invite}. */
public class InvitationResource extends ApiResource {

    private final KeycloakSession session;
    private final Caller caller;
    private final InvitationEntity invitation;

    InvitationResource(KeycloakSession session, Caller caller, InvitationEntity invitation) {
        this.session = session;
        this.caller = caller;
        this.invitation = invitation;
    }

    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public InvitationView get() {
        return InvitationView.of(invitation, Time.currentTimeMillis(), delivery());
    }

    /** A new link and expiry; every earlier link of this invitation stops working. */
    @POST
    @Path("resend")
    @Produces(MediaType.APPLICATION_JSON)
    public InvitationView resend() {
        InvitationService.Issued issued = ApiErrors.call(() ->
                new InvitationService(session, caller.realm()).resend(caller.user(), invitation));
        return InvitationView.issued(issued, Time.currentTimeMillis());
    }

    /** Revokes it; the INVITED user, who never signed in, is deleted. 200 with the invitation, now REVOKED. */
    @DELETE
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public InvitationView revoke() {
        boolean userDeleted = ApiErrors.call(() ->
                new InvitationService(session, caller.realm()).revoke(caller.user(), invitation));
        return InvitationView.revoked(invitation, Time.currentTimeMillis(), delivery(), userDeleted);
    }

    private Delivery delivery() {
        return Outbox.emailDeliveries(session, List.of(invitation.getId())).get(invitation.getId());
    }
}
