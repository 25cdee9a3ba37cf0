package io.opsknight.identity.pages.people;

import io.opsknight.identity.apitoken.ApiTokenView;
import io.opsknight.identity.apitoken.ApiTokens;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.roles.UserRoles;
import org.keycloak.common.util.Time;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
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
        List<Map<String, Object>> tokens = ApiTokens.list(ctx.session(), ctx.realm(), person, 0, LIST_SIZE).stream()
                .map(row -> {
                    ApiTokenView view = ApiTokenView.of(row, now);
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("id", view.id());
                    t.put("name", view.name());
                    t.put("prefix", view.prefix());
                    t.put("expiresAt", view.expiresAt());
                    t.put("lastUsedAt", view.lastUsedAt() == null ? "" : view.lastUsedAt());
                    t.put("expired", view.expired());
                    return t;
                }).toList();
        return Map.of("tokens", tokens);
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        if (!"revoke".equals(action)) {
            return null;
        }
        ApiTokens.revoke(ctx.session(), ctx.realm(), person, form.get("token"), ctx.user().getId());
        return PageOutcome.done("opsknightApiTokenRevokedNotice");
    }
}
