package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.roles.UserRoles;
import io.opsknight.identity.users.PeopleService;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A person's role and status: change the role (not one's own; the last ACTIVE ADMIN keeps ADMIN),
 * Deactivate and Reactivate after a confirmation step, and "Send password reset email" for an ACTIVE person.
 * The same {@link PeopleService} actions as the {@code /users/{id}} API.
 */
final class AccessSection implements PageSection {

    static final String CONFIRM = io.opsknight.identity.pages.Page.CONFIRM;
    private final UserModel person;

    AccessSection(UserModel person) {
        this.person = person;
    }

    @Override
    public String id() {
        return "access";
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        Map<String, Object> model = new LinkedHashMap<>();
        UserStatus status = UserStatus.of(person);
        model.put("role", UserRoles.roleOf(ctx.realm(), person).name());
        model.put("roles", List.of("ADMIN", "RESPONDER", "USER"));
        model.put("status", status.name());
        model.put("self", person.getId().equals(ctx.user().getId()));
        return model;
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        boolean self = person.getId().equals(ctx.user().getId());
        switch (action) {
            case "role" -> {
                // PeopleService.changeRole refuses one's own role (409 cannot_change_own_role), as on the API.
                people(ctx).changeRole(ctx.user(), person, form.get("role"), "people_page");
                return PageOutcome.done("opsknightPeopleRoleChanged", UserRoles.roleOf(ctx.realm(), person).name());
            }
            case "deactivate", "reactivate" -> {
                if (!"yes".equals(form.get(CONFIRM))) {
                    // The first click only asks; the template shows the confirmation form for this action.
                    Map<String, String> ask = Map.of(CONFIRM, action);
                    return new PageOutcome(true, "opsknightPeopleConfirm_" + action, List.of(), List.of(), ask, null);
                }
                if ("deactivate".equals(action)) {
                    if (self) {
                        throw OpsKnightException.conflict("own_status", "You cannot deactivate yourself; ask another ADMIN.");
                    }
                    people(ctx).deactivate(ctx.user(), person);
                    return PageOutcome.done("opsknightPeopleDeactivated");
                }
                people(ctx).reactivate(ctx.user(), person);
                return PageOutcome.done("opsknightPeopleReactivated");
            }
            case "password-reset" -> {
                boolean sent = people(ctx).sendPasswordReset(ctx.user(), person);
                return PageOutcome.done(sent ? "opsknightPeopleResetSent" : "opsknightPeopleResetNotSent", person.getEmail());
            }
            default -> {
                return null;
            }
        }
    }

    private static PeopleService people(PageContext ctx) {
        return new PeopleService(ctx.session(), ctx.realm());
    }
}
