package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.invitation.BatchEntity;
import io.opsknight.identity.invitation.BatchRowEntity;
import io.opsknight.identity.invitation.InvitationBatchService;
import io.opsknight.identity.pages.Page;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageSection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One batch's result, {@code /people/import/{batchId}} (template {@code opsknight-people-batch.ftl}): progress
 * and each row's outcome, refreshing itself while the batch runs (no JavaScript needed). The batch runs on the
 * server whether or not this page is open; coming back later shows where it is.
 */
final class BatchPage extends Page {

    private final String batchId;

    BatchPage(KeycloakSession session, String batchId) {
        super(session, PageUrls.PEOPLE);
        this.batchId = batchId;
    }

    static URI url(KeycloakSession session, RealmModel realm, String batchId) {
        return URI.create(PageUrls.people(session, realm) + "/import/" + URLEncoder.encode(batchId, StandardCharsets.UTF_8));
    }

    @Override
    protected String template() {
        return "opsknight-people-batch";
    }

    @Override
    protected URI url() {
        return url(session, realm, batchId);
    }

    @Override
    protected List<PageSection> sections() {
        return List.of();
    }

    @Override
    protected String refusal(PageContext ctx) {
        return PeopleListPage.refusalOf(ctx);
    }

    @Override
    protected void describe(PageContext ctx, Map<String, Object> page) {
        InvitationBatchService service = new InvitationBatchService(session, realm);
        BatchEntity batch = service.find(batchId).orElseThrow(() -> OpsKnightException.notFound("No invitation batch with id '" + batchId + "'."));
        Map<String, Integer> stored = service.counts(List.of(batch.getId())).getOrDefault(batch.getId(), Map.of());
        Map<String, Integer> counts = new LinkedHashMap<>();
        int done = 0;
        for (InvitationBatchService.RowStatus s : InvitationBatchService.RowStatus.values()) {
            int n = stored.getOrDefault(s.name(), 0);
            counts.put(s.name().toLowerCase(Locale.ROOT), n);
            done += s == InvitationBatchService.RowStatus.PENDING ? 0 : n;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BatchRowEntity r : service.rows(batch)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row", r.getRowNo());
            row.put("email", r.getEmail() == null ? "" : r.getEmail());
            row.put("name", r.getName() == null ? "" : r.getName());
            row.put("role", r.getRole() == null ? "" : r.getRole());
            row.put("outcome", r.getStatus().toLowerCase(Locale.ROOT));
            row.put("message", r.getMessage() == null ? "" : r.getMessage());
            rows.add(row);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", batch.getId());
        model.put("running", BatchEntity.Status.RUNNING.name().equals(batch.getStatus()));
        model.put("createdAt", PeopleUrls.minute(batch.getCreatedAt()));
        model.put("finishedAt", PeopleUrls.minute(batch.getFinishedAt()));
        model.put("total", batch.getTotal());
        model.put("done", done);
        model.put("percent", batch.getTotal() == 0 ? 100 : done * 100 / batch.getTotal());
        model.put("counts", counts);
        model.put("rows", rows);
        page.put("batch", model);
        page.put("listUrl", PageUrls.people(session, realm).toString());
        page.put("importUrl", PageUrls.people(session, realm) + "/import");
    }
}
