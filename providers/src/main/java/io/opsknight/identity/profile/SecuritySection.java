package io.opsknight.identity.profile;

import io.opsknight.identity.account.AccountContext;
import io.opsknight.identity.account.AccountForm;
import io.opsknight.identity.account.AccountOutcome;
import io.opsknight.identity.account.AccountSection;
import io.opsknight.identity.common.OpsKnightException;

import java.util.Map;

/** Account page: change of password. Template opsknight-account-security.ftl. */
public final class SecuritySection implements AccountSection {

    @Override
    public String id() {
        return "security";
    }

    @Override
    public Map<String, Object> model(AccountContext ctx) {
        return Map.of();
    }

    @Override
    public AccountOutcome handle(AccountContext ctx, String action, AccountForm form) {
        if (!"password".equals(action)) {
            return null;
        }
        String current = form.get("currentPassword");
        String fresh = form.get("newPassword");
        String confirm = form.get("confirmPassword");
        if (fresh != null && !fresh.isEmpty() && !fresh.equals(confirm)) {
            return AccountOutcome.invalid("confirmPassword", "opsknightAccountPasswordMismatch", Map.of());
        }
        try {
            PasswordChange.change(ctx.session(), ctx.realm(), ctx.user(), ctx.userSession(), current, fresh,
                    ctx.session().getContext().resolveLocale(ctx.user()));
        } catch (OpsKnightException e) {
            return switch (e.code()) {
                case "invalid_current_password", "wrong_current_password" ->
                        AccountOutcome.invalid("currentPassword", "opsknightAccountWrongPassword", Map.of());
                case "invalid_new_password" -> AccountOutcome.invalid("newPassword", "opsknightAccountPasswordRefused", Map.of(),
                        e.getMessage().replaceFirst("^newPassword: ", ""));
                default -> throw e;
            };
        }
        return AccountOutcome.done("opsknightAccountPasswordChanged");
    }
}
