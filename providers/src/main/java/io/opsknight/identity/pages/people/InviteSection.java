package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.invitation.InvitationEntity;
import io.opsknight.identity.invitation.InvitationService;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.profile.ProfileWrite;
import io.opsknight.identity.roles.Role;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The invite form of the People list (email, name, role; RESPONDER preselected), through the same
 * {@link InvitationService} as {@code POST /invitations}; and "Copy link" of an INVITED row.
 */
final class InviteSection implements PageSection {

    @Override
    public String id() {
        return "invite";
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("roles", java.util.List.of("ADMIN", "RESPONDER", "USER"));
        model.put("defaultRole", Role.RESPONDER.name());
        return model;
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        InvitationService invitations = new InvitationService(ctx.session(), ctx.realm());
        if ("link".equals(action)) {
            return showLink(ctx, invitations, form.get("user"));
        }
        if (!"send".equals(action)) {
            return null;
        }
        Map<String, String> values = form.values("email", "name", "role");
        Optional<String> email = PersonInput.email(values.get("email"));
        if (email.isEmpty()) {
            return PageOutcome.invalid("email", "opsknightPeopleInvalidEmail", values);
        }
        Optional<String> name = PersonInput.name(values.get("name"));
        if (name.isEmpty()) {
            return PageOutcome.invalid("name", "opsknightAccountInvalidName", values);
        }
        Optional<Role> role = Role.parse(values.get("role"));
        if (role.isEmpty()) {
            return PageOutcome.invalid("role", "opsknightPeopleInvalidRole", values);
        }
        // The realm's User Profile judges the new person before anything is written: a refusal found later, in
        // the invitation, would roll back a person the refused page still lists.
        Optional<ProfileWrite.Refused> refused = ProfileWrite.newPersonRefusal(ctx.session(), ctx.realm(), email.get(), name.get());
        if (refused.isPresent()) {
            return PageOutcome.invalid(refused.get().field(), refused.get().realmMessage(), values);
        }
        InvitationService.Issued issued;
        try {
            issued = invitations.invite(ctx.user(), email.get(), name.get(), role.get());
        } catch (OpsKnightException e) {
            if (e.reason() != OpsKnightException.Reason.CONFLICT) {
                throw e;
            }
            return PageOutcome.invalid("email", "opsknightPeopleInviteConflict", values, e.getMessage());
        }
        return PageOutcome.done(issued.emailSent() ? "opsknightPeopleInvited" : "opsknightPeopleInvitedNoEmail",
                issued.invitation().getEmail(), PeopleUrls.minute(issued.invitation().getExpiresAt()));
    }

    /** A fresh link of the person's open invitation, shown in this answer only (see {@link InvitationService#showLink}). */
    static PageOutcome showLink(PageContext ctx, InvitationService invitations, String userId) {
        UserModel user = userId == null ? null : ctx.session().users().getUserById(ctx.realm(), userId);
        InvitationEntity open = user == null ? null : invitations.openOf(user).orElse(null);
        if (open == null) {
            throw OpsKnightException.notFound("This person has no open invitation.");
        }
        InvitationService.Issued issued = invitations.showLink(ctx.user(), open);
        // The link travels in the outcome's parameters of this answer only, never in a model or a URL.
        return PageOutcome.done("opsknightPeopleLinkShown", issued.invitation().getEmail(),
                PeopleUrls.minute(issued.invitation().getExpiresAt()), issued.link());
    }
}
