package io.opsknight.identity.invitation;

import io.opsknight.identity.common.Paging;
import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiException;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.roles.Permission;
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
import org.keycloak.models.KeycloakSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /invitations/batch}: many invitations at once, CSV or JSON, with a dry run; the same permission as
 * inviting one person ({@code users:invite}). The batch runs after the answer (202), see
 * {@link InvitationBatchService}.
 */
public class InvitationBatchResource {

    static final int DEFAULT_MAX = 20;
    static final int MAX_MAX = 100;

    private final KeycloakSession session;

    public InvitationBatchResource(KeycloakSession session) {
        this.session = session;
    }

    @POST
    @Path("")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@Context HttpHeaders headers, @QueryParam("dryRun") String dryRun, InputStream body) {
        Caller caller = Caller.authenticate(session).require(Permission.USERS_INVITE);
        boolean dry = switch (dryRun == null ? "false" : dryRun.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw ApiException.badRequest("invalid_dryRun", "Parameter 'dryRun' must be true or false.");
        };
        MediaType type = headers.getMediaType();
        boolean csv = type != null && type.getType().equalsIgnoreCase("text") && type.getSubtype().equalsIgnoreCase("csv");
        boolean json = type != null && type.getType().equalsIgnoreCase("application") && type.getSubtype().equalsIgnoreCase("json");
        if (!csv && !json) {
            throw ApiException.unsupportedMediaType("Send the batch as text/csv (email,name,role) or as a JSON array (application/json).");
        }
        byte[] bytes = read(headers, body);
        if (bytes.length == 0) {
            throw ApiException.badRequest("missing_body", "The request needs a body: the rows to invite.");
        }
        List<BatchInput.Row> rows = ApiErrors.call(() -> csv ? BatchInput.csv(bytes) : BatchInput.json(bytes));
        InvitationBatchService service = new InvitationBatchService(session, caller.realm());
        if (dry) {
            return Response.ok(BatchView.DryRun.of(service.check(rows)), MediaType.APPLICATION_JSON_TYPE).build();
        }
        URI base = session.getContext().getUri().getBaseUri();
        BatchEntity batch = ApiErrors.call(() -> service.start(caller.user(), rows, base, csv ? "csv" : "json"));
        URI location = session.getContext().getUri().getAbsolutePathBuilder().path(batch.getId()).build();
        return Response.accepted(view(service, batch, true)).location(location).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public List<BatchView> list(@QueryParam("first") String first, @QueryParam("max") String max) {
        Caller caller = Caller.authenticate(session).require(Permission.USERS_INVITE);
        Paging paging = ApiErrors.call(() -> Paging.parse(first, max, DEFAULT_MAX, MAX_MAX));
        InvitationBatchService service = new InvitationBatchService(session, caller.realm());
        List<BatchEntity> batches = service.recent(paging.first(), paging.max());
        Map<String, Map<String, Integer>> counts = service.counts(batches.stream().map(BatchEntity::getId).toList());
        return batches.stream().map(b -> BatchView.of(b, counts.get(b.getId()), null)).toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public BatchView one(@PathParam("id") String id) {
        Caller caller = Caller.authenticate(session).require(Permission.USERS_INVITE);
        InvitationBatchService service = new InvitationBatchService(session, caller.realm());
        BatchEntity batch = service.find(id).orElseThrow(() -> ApiException.notFound("No invitation batch with id '" + id + "'."));
        return view(service, batch, true);
    }

    private static BatchView view(InvitationBatchService service, BatchEntity batch, boolean rows) {
        return BatchView.of(batch, service.counts(List.of(batch.getId())).get(batch.getId()), rows ? service.rows(batch) : null);
    }

    /** The body, refused once it passes the limit: by its declared length before reading, else while reading. */
    private static byte[] read(HttpHeaders headers, InputStream body) {
        String declared = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > BatchInput.MAX_BYTES) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                // The server checked the framing already; read and count instead.
            }
        }
        if (body == null) {
            return new byte[0];
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = body.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > BatchInput.MAX_BYTES) {
                    throw tooLarge();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 400 like every other refusal of the batch's input, naming the limit. */
    private static ApiException tooLarge() {
        return ApiException.badRequest("body_too_large", "The body is larger than the limit of "
                + BatchInput.MAX_BYTES / (1024 * 1024) + " MB (" + String.format(Locale.ROOT, "%,d", BatchInput.MAX_BYTES) + " bytes) per batch;"
                + " split the file (at most " + String.format(Locale.ROOT, "%,d", BatchInput.MAX_ROWS) + " rows per batch).");
    }
}
