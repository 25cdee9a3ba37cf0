package io.opsknight.identity.pages.account;

import io.opsknight.identity.profile.PasswordChange;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.common.OpsKnightException;

import java.util.Map;

/** Account page: change of password. Template opsknight-account-security.ftl. */
public final class SecuritySection implements PageSection {

    @Override
    public String id() {
        return "security";
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        return Map.of();
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        if (!"password".equals(action)) {
            return null;
        }
        String current = form.get("currentPassword");
        String fresh = form.get("newPassword");
        String confirm = form.get("confirmPassword");
        if (fresh != null && !fresh.isEmpty() && !fresh.equals(confirm)) {
            return PageOutcome.invalid("confirmPassword", "opsknightAccountPasswordMismatch", Map.of());
        }
        try {
            PasswordChange.change(ctx.session(), ctx.realm(), ctx.user(), ctx.userSession(), current, fresh,
                    ctx.session().getContext().resolveLocale(ctx.user()));
        } catch (OpsKnightException e) {
            return switch (e.code()) {
                case "invalid_current_password", "wrong_current_password" ->
                        PageOutcome.invalid("currentPassword", "opsknightAccountWrongPassword", Map.of());
                case "invalid_new_password" -> PageOutcome.invalid("newPassword", "opsknightAccountPasswordRefused", Map.of(),
                        e.getMessage().replaceFirst("^newPassword: ", ""));
                default -> throw e;
            };
        }
        return PageOutcome.done("opsknightAccountPasswordChanged");
    }
}
