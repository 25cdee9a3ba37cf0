package io.opsknight.identity.pages.people;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.MediaType;

/**
 * {@code /realms/{realm}/opsknight/people} (the list, {@code ?status=&role=&search=&sort=&page=}) and
 * {@code /people/{userId}} (a person), each with its form posts {@code .../<section>/<action>}; "Invite many"
 * {@code /people/import} and a batch's result {@code /people/import/{batchId}}.
 */
public class PeopleResource {

    private final KeycloakSession session;

    public PeopleResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response list() {
        return new PeopleListPage(session).show();
    }

    /** The list as CSV, for the list's own query parameters; the type is set on the answer (no 406 for any Accept). */
    @GET
    @Path("export")
    public Response export() {
        return new PeopleListPage(session).download(PeopleListPage::csv);
    }

    @POST
    @Path("{section}/{action}")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response listPost(@PathParam("section") String section, @PathParam("action") String action) {
        return new PeopleListPage(session).post(section, action);
    }

    @GET
    @Path("import")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response importPage() {
        return new ImportPage(session).show();
    }

    @POST
    @Path("import/{section}/{action}")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response importPost(@PathParam("section") String section, @PathParam("action") String action) {
        return new ImportPage(session).post(section, action);
    }

    @GET
    @Path("import/{batchId}")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response batch(@PathParam("batchId") String batchId) {
        return new BatchPage(session, batchId).show();
    }

    @GET
    @Path("{userId}")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response person(@PathParam("userId") String userId) {
        return new PersonPage(session, userId).show();
    }

    @POST
    @Path("{userId}/{section}/{action}")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response personPost(@PathParam("userId") String userId, @PathParam("section") String section,
                               @PathParam("action") String action) {
        return new PersonPage(session, userId).post(section, action);
    }
}
