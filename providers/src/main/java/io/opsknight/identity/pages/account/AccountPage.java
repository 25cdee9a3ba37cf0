package io.opsknight.identity.pages.account;

import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.pages.Page;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.roles.Role;
import org.keycloak.models.KeycloakSession;

import java.util.List;
import java.util.Map;

/**
 * {@code /realms/{realm}/opsknight/account}: the person's own account page (template
 * {@code opsknight-account.ftl}), its sections in page order.
 */
public final class AccountPage extends Page {

    private static final List<PageSection> SECTIONS = List.of(
            new ProfileSection(),
            new PreferencesSection(),
            new SecuritySection(),
            new SessionsSection(),
            new ApiTokensSection()
    );

    public AccountPage(KeycloakSession session) {
        super(session, PageUrls.ACCOUNT);
    }

    @Override
    protected String template() {
        return "opsknight-account";
    }

    @Override
    protected List<PageSection> sections() {
        return SECTIONS;
    }

    @Override
    protected void describe(PageContext ctx, Map<String, Object> page) {
        // ADMINs get the way to the People page.
        page.put("showPeople", ctx.role() == Role.ADMIN);
    }
}
