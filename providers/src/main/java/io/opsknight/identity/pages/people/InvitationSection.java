package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.invitation.InvitationEntity;
import io.opsknight.identity.invitation.InvitationService;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.outbox.Delivery;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import org.keycloak.common.util.Time;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An INVITED person's invitation: sent, expires, state, its email's delivery (PENDING, SENT, RETRYING, DEAD,
 * NOT_CONFIGURED with attempts, last error, sent at); Resend, Revoke, Copy link (the API's service).
 */
final class InvitationSection implements PageSection {

    private final UserModel person;

    InvitationSection(UserModel person) {
        this.person = person;
    }

    @Override
    public String id() {
        return "invitation";
    }

    @Override
    public boolean visible(PageContext ctx) {
        return UserStatus.of(person) == UserStatus.INVITED;
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        Map<String, Object> model = new LinkedHashMap<>();
        InvitationEntity open = new InvitationService(ctx.session(), ctx.realm()).openOf(person).orElse(null);
        model.put("open", open != null);
        if (open != null) {
            model.put("sent", PeopleUrls.minute(open.getCreatedAt()));
            model.put("expires", PeopleUrls.minute(open.getExpiresAt()));
            model.put("state", open.effectiveStatus(Time.currentTimeMillis()).name());
            model.put("resendCount", open.getResendCount());
            // The email's delivery as the API's "delivery" shows it; none for an invitation older than the outbox.
            Delivery delivery = new InvitationService(ctx.session(), ctx.realm()).delivery(open);
            model.put("delivery", delivery == null ? "" : delivery.status());
            model.put("attempts", delivery == null ? 0 : delivery.attempts());
            model.put("lastError", delivery == null || delivery.lastError() == null ? "" : delivery.lastError());
            model.put("sentAt", delivery == null || delivery.sentAt() == null ? ""
                    : PeopleUrls.minute(java.time.Instant.parse(delivery.sentAt()).toEpochMilli()));
            model.put("undelivered", InvitationService.undelivered(delivery));
        }
        return model;
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        InvitationService invitations = new InvitationService(ctx.session(), ctx.realm());
        if ("link".equals(action)) {
            return InviteSection.showLink(ctx, invitations, person.getId());
        }
        InvitationEntity open = invitations.openOf(person)
                .orElseThrow(() -> OpsKnightException.conflict("not_resendable", "This person has no open invitation."));
        return switch (action) {
            case "resend" -> {
                InvitationService.Issued issued = invitations.resend(ctx.user(), open);
                yield PageOutcome.done(issued.emailSent() ? "opsknightPeopleResent" : "opsknightPeopleResentNoEmail",
                        open.getEmail(), PeopleUrls.minute(issued.invitation().getExpiresAt()));
            }
            case "revoke" -> {
                invitations.revoke(ctx.user(), open);
                // The invited person is deleted with the invitation: back to the list.
                yield PageOutcome.redirect(PageUrls.people(ctx.session(), ctx.realm()));
            }
            default -> null;
        };
    }
}
