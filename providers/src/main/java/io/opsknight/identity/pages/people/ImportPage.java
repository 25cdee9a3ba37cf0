package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.pages.Page;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageSection;
import org.keycloak.models.KeycloakSession;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** "Invite many", {@code /people/import} (template {@code opsknight-people-import.ftl}). ACTIVE ADMINs only. */
final class ImportPage extends Page {

    private static final List<PageSection> SECTIONS = List.of(new ImportSection());

    ImportPage(KeycloakSession session) {
        super(session, PageUrls.PEOPLE);
    }

    @Override
    protected String template() {
        return "opsknight-people-import";
    }

    @Override
    protected URI url() {
        return URI.create(PageUrls.people(session, realm) + "/import");
    }

    @Override
    protected List<PageSection> sections() {
        return SECTIONS;
    }

    @Override
    protected String refusal(PageContext ctx) {
        return PeopleListPage.refusalOf(ctx);
    }

    @Override
    protected void describe(PageContext ctx, Map<String, Object> page) {
        page.put("listUrl", PageUrls.people(session, realm).toString());
    }
}
