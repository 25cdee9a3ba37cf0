package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.pages.Page;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.roles.Role;
import org.keycloak.models.KeycloakSession;

import java.util.List;

/** The People list (template {@code opsknight-people.ftl}): invite form, counters, filters and the table. ACTIVE ADMINs only. */
final class PeopleListPage extends Page {

    private static final List<PageSection> SECTIONS = List.of(new InviteSection(), new ListSection());

    PeopleListPage(KeycloakSession session) {
        super(session, PageUrls.PEOPLE);
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
