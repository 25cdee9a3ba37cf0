package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.pages.Page;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.users.PeopleService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One person, {@code /people/{userId}} (template {@code opsknight-person.ftl}): profile, role and status,
 * invitation, password reset, sessions, API tokens, recent activity. A person who holds roles outside
 * OpsKnight's is shown marked "managed in the Keycloak console", with the activity only.
 */
final class PersonPage extends Page {

    private final String userId;
    private UserModel person;

    PersonPage(KeycloakSession session, String userId) {
        super(session, PageUrls.PEOPLE);
        this.userId = userId;
    }

    /** Looked up only after the page checked that the visitor is an ADMIN: others learn nothing of ids. */
    private UserModel person() {
        if (person == null) {
            UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
            if (user == null || user.getServiceAccountClientLink() != null) {
                throw OpsKnightException.notFound("No person with id '" + userId + "'.");
            }
            person = user;
        }
        return person;
    }

    @Override
    protected String template() {
        return "opsknight-person";
    }

    @Override
    protected URI url() {
        return PeopleUrls.person(session, realm, userId);
    }

    @Override
    protected String refusal(PageContext ctx) {
        return PeopleListPage.refusalOf(ctx);
    }

    @Override
    protected List<PageSection> sections() {
        UserModel user = person();
        if (!PeopleService.managed(realm, user)) {
            return List.of(new ActivitySection(user));
        }
        return List.of(new PersonProfileSection(user), new AccessSection(user), new InvitationSection(user),
                new PersonSessionsSection(user), new PersonTokensSection(user), new ActivitySection(user));
    }

    @Override
    protected void describe(PageContext ctx, Map<String, Object> page) {
        UserModel user = person();
        Map<String, Object> row = PersonRow.of(session, realm, user, ctx.user());
        page.put("person", row);
        page.put("listUrl", PageUrls.people(session, realm).toString());
    }
}
