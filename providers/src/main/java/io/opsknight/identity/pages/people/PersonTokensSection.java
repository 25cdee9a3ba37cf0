package io.opsknight.identity.pages.people;

import io.opsknight.identity.apitoken.ApiTokenAccountSection;
import io.opsknight.identity.apitoken.ApiTokenView;
import io.opsknight.identity.apitoken.ApiTokenService;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.roles.UserRoles;
import org.keycloak.common.util.Time;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Map;

/** An ADMIN's personal API tokens with Revoke, as {@code GET/DELETE /users/{id}/api-tokens}. */
final class PersonTokensSection implements PageSection {

    private static final int LIST_SIZE = 100;
    private final UserModel person;

    PersonTokensSection(UserModel person) {
        this.person = person;
    }

    @Override
    public String id() {
        return "api-tokens";
    }

    @Override
    public boolean visible(PageContext ctx) {
        return UserRoles.roleOf(ctx.realm(), person) == Role.ADMIN;
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        long now = Time.currentTimeMillis();
        List<Map<String, Object>> tokens = new ApiTokenService(ctx.session(), ctx.realm()).list(person, 0, LIST_SIZE).stream()
                .map(row -> ApiTokenAccountSection.row(ApiTokenView.of(row, now))).toList();
        return Map.of("tokens", tokens);
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        if (!"revoke".equals(action)) {
            return null;
        }
        new ApiTokenService(ctx.session(), ctx.realm()).revoke(person, form.get("token"), ctx.user().getId());
        return PageOutcome.done("opsknightApiTokenRevokedNotice");
    }
}
