package io.opsknight.identity.pages.account;

import io.opsknight.identity.sessions.MySessionsResource;
import io.opsknight.identity.sessions.DeviceLabels;
import io.opsknight.identity.sessions.SessionView;
import io.opsknight.identity.sessions.SessionService;
import io.opsknight.identity.sessions.CurrentSession;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.common.Paging;
import org.keycloak.models.UserModel;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Sessions section of the account page: the person's sessions with the current one (the browser's
 * SSO session that shows the page) marked, Revoke per row, Revoke all others. Same service, same
 * events and back-channel logout as {@code /me/sessions}.
 */
public class SessionsSection implements PageSection {

    public static final String ID = "sessions";
    static final String FIELD_SESSION = "session";
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        ZoneId zone = zoneOf(ctx.user());
        List<SessionView> sessions = new SessionService(ctx.session(), ctx.realm())
                .list(ctx.user(), current(ctx), new Paging(0, MySessionsResource.MAX_CAP));
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean others = false;
        for (SessionView s : sessions) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", s.id());
            row.put("ipAddress", s.ipAddress() == null ? "" : s.ipAddress());
            row.put("browser", s.browser());
            row.put("os", s.os());
            row.put("unknownDevice", DeviceLabels.UNKNOWN.equals(s.browser()) && DeviceLabels.UNKNOWN.equals(s.os()));
            row.put("started", shown(s.started(), zone));
            row.put("lastAccess", shown(s.lastAccess(), zone));
            // A name may be a message key (${opsknightAccountClient}): the template resolves it, as Keycloak's pages do.
            row.put("clients", s.clients().stream()
                    .map(c -> c.name() == null || c.name().isBlank() ? c.clientId() : c.name())
                    .toList());
            row.put("current", s.current());
            row.put("offline", s.offline());
            others |= !s.id().equals(ctx.userSession().getId());
            rows.add(row);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("sessions", rows);
        model.put("zone", zone.getId());
        model.put("hasOthers", others);
        return model;
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        SessionService service = new SessionService(ctx.session(), ctx.realm());
        String actor = ctx.user().getId();
        return switch (action) {
            case "revoke" -> {
                String id = form.get(FIELD_SESSION);
                if (id != null && id.equals(ctx.userSession().getId())) {
                    // Ending the session that shows this page is signing out: the page offers that instead.
                    yield PageOutcome.invalid(FIELD_SESSION, "opsknightSessionIsCurrent", Map.of());
                }
                try {
                    service.revoke(ctx.user(), id, actor);
                } catch (OpsKnightException e) {
                    if (e.reason() != OpsKnightException.Reason.NOT_FOUND) {
                        throw e;
                    }
                    yield PageOutcome.invalid(FIELD_SESSION, "opsknightSessionGone", Map.of());
                }
                yield PageOutcome.done("opsknightSessionRevoked");
            }
            case "revoke-others" -> PageOutcome.done("opsknightSessionsRevokedOthers",
                    service.revokeOthers(ctx.user(), ctx.userSession().getId(), actor));
            default -> throw OpsKnightException.notFound("No such action of the sessions section: '" + action + "'.");
        };
    }

    private static CurrentSession current(PageContext ctx) {
        return new CurrentSession(ctx.userSession().getId(), ctx.userSession().isOffline());
    }

    /** Times in the person's own zone ({@code zoneinfo}, UTC when unset or unknown). */
    private static ZoneId zoneOf(UserModel user) {
        String zone = user.getFirstAttribute("zoneinfo");
        try {
            return zone == null || zone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private static String shown(String iso, ZoneId zone) {
        return SHOWN.format(Instant.parse(iso).atZone(zone));
    }
}
