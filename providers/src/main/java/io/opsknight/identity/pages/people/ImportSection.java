package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.invitation.BatchEntity;
import io.opsknight.identity.invitation.BatchInput;
import io.opsknight.identity.invitation.InvitationBatchService;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Invite many" ({@code /people/import}): paste or upload a CSV, "Check" shows what each row would do (nothing
 * written), "Invite N people" starts the batch through {@link InvitationBatchService}, the same as
 * {@code POST /invitations/batch}, and leads to the batch's result page.
 */
final class ImportSection implements PageSection {

    /** The check's result for this request's rendering (a session attribute lives as long as the request). */
    private static final String PREVIEW = "opsknight.people.import.preview";

    @Override
    public String id() {
        return "import";
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("maxRows", String.format(java.util.Locale.ROOT, "%,d", BatchInput.MAX_ROWS));
        Object preview = ctx.session().getAttribute(PREVIEW);
        if (preview != null) {
            model.put("preview", preview);
        }
        InvitationBatchService service = new InvitationBatchService(ctx.session(), ctx.realm());
        List<BatchEntity> recent = service.recent(0, 10);
        Map<String, Map<String, Integer>> counts = service.counts(recent.stream().map(BatchEntity::getId).toList());
        List<Map<String, Object>> batches = new ArrayList<>();
        for (BatchEntity b : recent) {
            Map<String, Integer> c = counts.getOrDefault(b.getId(), Map.of());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("url", BatchPage.url(ctx.session(), ctx.realm(), b.getId()).toString());
            row.put("createdAt", PeopleUrls.minute(b.getCreatedAt()));
            row.put("status", b.getStatus());
            row.put("total", b.getTotal());
            row.put("invited", c.getOrDefault(InvitationBatchService.RowStatus.INVITED.name(), 0));
            batches.add(row);
        }
        model.put("recent", batches);
        return model;
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        if (!"check".equals(action) && !"confirm".equals(action)) {
            return null;
        }
        String file = form.get("file");
        String text = file != null && !file.isBlank() ? file : form.get("csv");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("csv", text == null ? "" : text);
        if (text == null || text.isBlank()) {
            return PageOutcome.invalid("csv", "opsknightImportEmpty", Map.of("csv", ""));
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > BatchInput.MAX_BYTES) {
            return PageOutcome.invalid("csv", "opsknightImportTooLarge", Map.of("csv", ""));
        }
        // A file that is not a usable CSV is a refusal with its sentence (the row or the limit), like the API's 400.
        List<BatchInput.Row> rows = BatchInput.csv(bytes);
        InvitationBatchService service = new InvitationBatchService(ctx.session(), ctx.realm());
        if ("confirm".equals(action)) {
            URI base = ctx.session().getContext().getUri().getBaseUri();
            BatchEntity batch = service.start(ctx.user(), rows, base, "page");
            return PageOutcome.redirect(BatchPage.url(ctx.session(), ctx.realm(), batch.getId()));
        }
        List<InvitationBatchService.Checked> checked = service.check(rows);
        List<Map<String, Object>> shown = new ArrayList<>();
        int invite = 0;
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (InvitationBatchService.Outcome o : InvitationBatchService.Outcome.values()) {
            counts.put(o.name().toLowerCase(java.util.Locale.ROOT), 0);
        }
        for (InvitationBatchService.Checked c : checked) {
            String outcome = c.outcome().name().toLowerCase(java.util.Locale.ROOT);
            counts.merge(outcome, 1, Integer::sum);
            if (c.outcome() == InvitationBatchService.Outcome.INVITE) {
                invite++;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row", c.row());
            row.put("email", c.email() == null ? "" : c.email());
            row.put("name", c.name() == null ? "" : c.name());
            row.put("role", c.role() == null ? "" : c.role());
            row.put("outcome", outcome);
            row.put("message", c.message() == null ? "" : c.message());
            shown.add(row);
        }
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("csv", text);
        preview.put("rows", shown);
        preview.put("counts", counts);
        preview.put("invite", invite);
        preview.put("total", checked.size());
        ctx.session().setAttribute(PREVIEW, preview);
        return PageOutcome.done("opsknightImportChecked", checked.size(), invite);
    }

    static String importUrl(PageContext ctx) {
        return PageUrls.people(ctx.session(), ctx.realm()) + "/import";
    }
}
