package io.opsknight.identity.root;

import io.opsknight.identity.pages.account.AccountPageResource;
import io.opsknight.identity.pages.people.PeopleResource;
import io.opsknight.identity.audit.AuditResource;
import io.opsknight.identity.common.OpsKnightVersion;
import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.invitation.InvitationsResource;
import io.opsknight.identity.users.UsersResource;
import io.opsknight.identity.users.MeResource;
import io.opsknight.identity.setup.SetupResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;

/**
 * The root of our API at {@code /realms/{realm}/opsknight}. Authenticates once per request in each
 * sub-resource locator and hands the caller down.
 */
public class OpsKnightResource extends ApiResource {

    private final KeycloakSession session;

    public OpsKnightResource(KeycloakSession session) {
        this.session = session;
    }

    /** Who am I talking to: needs a token like every other endpoint, so a probe can tell 401 from 404. */
    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Root root() {
        Caller.authenticate(session);
        return new Root(session.getContext().getRealm().getName(), OpsKnightVersion.get());
    }

    /** The body of {@code GET /}: the realm's name and the extension's version. */
    public record Root(String realm, String version) {
    }

    @Path("me")
    public MeResource me() {
        return new MeResource(session, Caller.authenticate(session));
    }

    @Path("users")
    public UsersResource users() {
        return new UsersResource(session, Caller.authenticate(session));
    }

    @Path("audit")
    public AuditResource audit() {
        return new AuditResource(session, Caller.authenticate(session));
    }

    /** Authenticates per method: the accept page's form post comes from the invitee's browser without a token. */
    @Path("invitations")
    public InvitationsResource invitations() {
        return new InvitationsResource(session);
    }

    /** The first-admin page: public, no token (it exists only while the realm has no users). */
    @Path("setup")
    public SetupResource setup() {
        return new SetupResource(session);
    }

    /** The person's account page (HTML): signs in through the realm's login page, no token. */
    @Path("account")
    public AccountPageResource account() {
        return new AccountPageResource(session);
    }

    /** The People pages (HTML) for ADMINs: the list and a person's page; sign-in as the account page. */
    @Path("people")
    public PeopleResource people() {
        return new PeopleResource(session);
    }
}
