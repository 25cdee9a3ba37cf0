package io.opsknight.identity.pages.account;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.MediaType;

/** {@code /realms/{realm}/opsknight/account} and its form posts {@code account/<section>/<action>}. */
public class AccountPageResource {

    private final KeycloakSession session;

    public AccountPageResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response page() {
        return new AccountPage(session).show();
    }

    @POST
    @Path("{section}/{action}")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response post(@PathParam("section") String section, @PathParam("action") String action) {
        return new AccountPage(session).post(section, action);
    }
}
