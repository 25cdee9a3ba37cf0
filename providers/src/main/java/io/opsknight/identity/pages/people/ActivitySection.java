package io.opsknight.identity.pages.people;

import io.opsknight.identity.audit.AuditEvent;
import io.opsknight.identity.audit.AuditFilter;
import io.opsknight.identity.audit.AuditTrail;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import org.keycloak.models.UserModel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The person's recent activity: the newest events of the audit trail about them (as {@code GET /audit?user=}). */
final class ActivitySection implements PageSection {

    private static final String SHOWN = "15";
    private final UserModel person;

    ActivitySection(UserModel person) {
        this.person = person;
    }

    @Override
    public String id() {
        return "activity";
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        List<AuditEvent> events = AuditTrail.page(ctx.session(), ctx.realm(),
                AuditFilter.parse(null, person.getId(), null, null, null, "0", SHOWN));
        List<Map<String, Object>> rows = events.stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", e.type());
            row.put("time", PeopleUrls.minute(Instant.parse(e.time()).toEpochMilli()));
            row.put("actor", e.actor() == null || e.actor().email() == null ? "" : e.actor().email());
            return row;
        }).toList();
        return Map.of("events", rows);
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        return null;
    }
}
