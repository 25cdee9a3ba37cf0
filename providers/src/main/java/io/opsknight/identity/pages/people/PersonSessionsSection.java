package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.Paging;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.sessions.CurrentSession;
import io.opsknight.identity.sessions.MySessionsResource;
import io.opsknight.identity.sessions.SessionService;
import io.opsknight.identity.sessions.SessionView;
import org.keycloak.models.UserModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A person's sessions and "End all sessions", as {@code GET/DELETE /users/{id}/sessions}. */
final class PersonSessionsSection implements PageSection {

    private final UserModel person;

    PersonSessionsSection(UserModel person) {
        this.person = person;
    }

    @Override
    public String id() {
        return "sessions";
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        List<SessionView> sessions = new SessionService(ctx.session(), ctx.realm())
                .list(person, new CurrentSession(null, false), new Paging(0, MySessionsResource.MAX_CAP));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SessionView s : sessions) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ipAddress", s.ipAddress() == null ? "" : s.ipAddress());
            row.put("device", s.browser() + " · " + s.os());
            row.put("started", PeopleUrls.minute(Instant.parse(s.started()).toEpochMilli()));
            row.put("lastAccess", PeopleUrls.minute(Instant.parse(s.lastAccess()).toEpochMilli()));
            row.put("offline", s.offline());
            rows.add(row);
        }
        return Map.of("sessions", rows);
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        if (!"end-all".equals(action)) {
            return null;
        }
        int ended = new SessionService(ctx.session(), ctx.realm()).revokeAll(person, ctx.user().getId());
        return PageOutcome.done("opsknightPeopleSessionsEnded", ended);
    }
}
