package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.pages.Page;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.users.UserExport;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;

import java.util.List;

/** The People list (template {@code opsknight-people.ftl}): invite form, counters, filters and the table. ACTIVE ADMINs only. */
final class PeopleListPage extends Page {

    private static final List<PageSection> SECTIONS = List.of(new InviteSection(), new BulkSection(), new ListSection());

    PeopleListPage(KeycloakSession session) {
        super(session, PageUrls.PEOPLE);
    }

    /** The list as CSV for the filters and sort of the page's query (the "Export CSV" link), every page of it. */
    static Download csv(PageContext ctx) {
        ListSection.State state = ListSection.State.of(ctx.query());
        UserExport export = new UserExport(ctx.session(), ctx.realm(), state.filter(), state.sort());
        return new Download(UserExport.fileName(ctx.realm(), Time.currentTimeMillis()), "text/csv; charset=UTF-8", export::write);
    }

    @Override
    protected String template() {
        return "opsknight-people";
    }

    @Override
    protected List<PageSection> sections() {
        return SECTIONS;
    }

    @Override
    protected String refusal(PageContext ctx) {
        return refusalOf(ctx);
    }

    /** The People pages are for ADMINs; anyone else sees the 403 page. */
    static String refusalOf(PageContext ctx) {
        return ctx.role() == Role.ADMIN ? null : "opsknightPeopleForbidden";
    }
}
