package io.opsknight.identity.invitation;

import io.opsknight.identity.common.Digests;
import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.lifecycle.Lifecycle;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.roles.RoleService;
import io.opsknight.identity.roles.UserRoles;
import jakarta.persistence.PersistenceException;
import org.jboss.logging.Logger;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.common.util.HtmlUtils;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.LoginActionsService;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Invitations: create, list, resend, revoke, and the activation of the invited user on acceptance. */
public final class InvitationService {

    private static final Logger LOG = Logger.getLogger(InvitationService.class);

    /**
     * The link's JWT stays verifiable this long past the invitation's expiry, so that an expired link
     * still reaches our page that says "expired, ask for a resend" instead of Keycloak's generic one.
     * Whether a link is accepted is decided by the row's expiry only.
     */
    static final int LINK_READABLE_AFTER_EXPIRY_SECONDS = 30 * 86_400;

    static final String EMAIL_TEMPLATE = "opsknight-invitation.ftl";
    static final String EMAIL_SUBJECT = "opsknightInvitationSubject";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final InvitationStore store;

    public InvitationService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = new InvitationStore(session);
    }

    /** An invitation plus what only its creator/resender sees once: the link, and whether the email went out. */
    public record Issued(InvitationEntity invitation, String link, boolean emailSent) {
    }

    /**
     * Invites {@code email}: creates (or reuses) the INVITED user, stores the invitation, sends the email.
     * The caller validated the input; conflicts are checked here.
     */
    public Issued invite(UserModel inviter, String email, String name, Role role) {
        long now = Time.currentTimeMillis();
        UserModel user = session.users().getUserByEmail(realm, email);
        if (user == null) {
            user = session.users().getUserByUsername(realm, email);
        }
        if (user != null && UserStatus.of(user) != UserStatus.INVITED) {
            throw OpsKnightException.conflict("user_exists", "A user with the email '" + email + "' already exists.");
        }
        for (InvitationEntity open : store.openByEmail(realm.getId(), email)) {
            boolean live = open.effectiveStatus(now) == InvitationStatus.PENDING;
            boolean userGone = session.users().getUserById(realm, open.getUserId()) == null;
            if (live && !userGone) {
                throw OpsKnightException.conflict("invitation_pending", "An invitation for '" + email
                        + "' is pending; resend or revoke it instead.");
            }
            // An expired one (or one whose user was deleted in the console) is replaced by the new
            // invitation: close it so that only one invitation per address can ever be resent.
            store.revoke(open.getId());
            Audit.record(session, realm, AuditEventType.USER_INVITE_REVOKED, inviter.getId(), open.getUserId(),
                    Map.of("invitationId", open.getId(), "reason", "replaced"));
        }

        if (user == null) {
            // Two admins inviting one new address at once: the database's unique username (or Keycloak's
            // duplicate check) decides here, as our 409, instead of a generic error or a failed commit.
            try {
                user = session.users().addUser(realm, email);
                user.setEmail(email);
                session.getProvider(JpaConnectionProvider.class).getEntityManager().flush();
            } catch (PersistenceException | ModelException e) {
                throw OpsKnightException.conflict("invitation_pending", "An invitation for '" + email
                        + "' was just created by someone else; resend or revoke it instead.");
            }
        }
        user.setFirstName(name);
        user.setLastName(null);
        user.setEmailVerified(false);
        UserStatus.INVITED.applyTo(user);
        // Shown in the users list while INVITED; granted again from the invitation on acceptance.
        RoleService.assign(realm, user, role);

        UUID nonce = SecretGenerator.getInstance().generateSecureUUID();
        InvitationEntity invitation = new InvitationEntity();
        invitation.setId(KeycloakModelUtils.generateId());
        invitation.setRealmId(realm.getId());
        invitation.setUserId(user.getId());
        invitation.setEmail(email);
        invitation.setName(name);
        invitation.setRole(role.name());
        invitation.setStatus(InvitationStatus.PENDING);
        invitation.setInviterId(inviter.getId());
        invitation.setCreatedAt(now);
        invitation.setExpiresAt(now + InvitationActionTokenHandler.lifespanSeconds(session, realm) * 1000L);
        invitation.setResendCount(0);
        invitation.setNonceDigest(Digests.sha256Hex(nonce.toString()));
        store.add(invitation);

        Audit.record(session, realm, AuditEventType.USER_INVITED, inviter.getId(), user.getId(),
                details(invitation));
        String link = link(invitation, nonce);
        boolean sent = sendEmail(invitation, user, inviter, link);
        return new Issued(invitation, link, sent);
    }

    /** A fresh link and expiry for a PENDING or EXPIRED invitation; every earlier link stops working. */
    public Issued resend(UserModel actor, InvitationEntity invitation) {
        return renew(actor, invitation, true);
    }

    /**
     * "Copy link" for an admin who passes the link on by hand (no email yet, or it did not arrive): a fresh
     * link and expiry, no email, audited as {@code user.invite.link_shown}. Only a digest of a link is
     * stored, so showing one means minting one; every earlier link of the invitation stops working.
     */
    public Issued showLink(UserModel actor, InvitationEntity invitation) {
        return renew(actor, invitation, false);
    }

    private Issued renew(UserModel actor, InvitationEntity invitation, boolean email) {
        long now = Time.currentTimeMillis();
        InvitationStatus status = invitation.effectiveStatus(now);
        if (!status.resendable()) {
            throw OpsKnightException.conflict("not_resendable", "Only a PENDING or EXPIRED invitation can be resent; this one is "
                    + status + ".");
        }
        UserModel user = session.users().getUserById(realm, invitation.getUserId());
        if (user == null || UserStatus.of(user) != UserStatus.INVITED) {
            throw OpsKnightException.conflict("user_not_invited", "The invited user no longer exists or is no longer INVITED.");
        }
        UUID nonce = SecretGenerator.getInstance().generateSecureUUID();
        long expiresAt = now + InvitationActionTokenHandler.lifespanSeconds(session, realm) * 1000L;
        if (!store.renew(invitation.getId(), Digests.sha256Hex(nonce.toString()), expiresAt)) {
            throw OpsKnightException.conflict("not_resendable", "The invitation was accepted or revoked meanwhile.");
        }
        store.reload(invitation);
        Audit.record(session, realm, email ? AuditEventType.USER_INVITE_RESENT : AuditEventType.USER_INVITE_LINK_SHOWN,
                actor.getId(), user.getId(), Map.of("invitationId", invitation.getId(), "resendCount", invitation.getResendCount()));
        String link = link(invitation, nonce);
        boolean sent = email && sendEmail(invitation, user, actor, link);
        return new Issued(invitation, link, sent);
    }

    /** The user's resendable (stored PENDING, live or expired) invitation, if any. */
    public Optional<InvitationEntity> openOf(UserModel user) {
        return store.openOfUser(realm.getId(), user.getEmail(), user.getId());
    }

    /** The id of the user's resendable (stored PENDING, live or expired) invitation, if any. */
    public Optional<String> pendingInvitationId(UserModel user) {
        return store.openOfUser(realm.getId(), user.getEmail(), user.getId()).map(InvitationEntity::getId);
    }

    /**
     * Revokes a PENDING (or EXPIRED) invitation. Its user never signed in, so it is deleted: the
     * address can be invited again and no INVITED ghost stays in the users list. A user who became
     * ACTIVE meanwhile (e.g. enabled in the console) is kept.
     *
     * @return whether the user was deleted
     */
    public boolean revoke(UserModel actor, InvitationEntity invitation) {
        InvitationStatus status = invitation.effectiveStatus(Time.currentTimeMillis());
        if (!status.resendable()) {
            throw OpsKnightException.conflict("not_revocable", "Only a PENDING or EXPIRED invitation can be revoked; this one is "
                    + status + ".");
        }
        if (!store.revoke(invitation.getId())) {
            throw OpsKnightException.conflict("not_revocable", "The invitation was accepted or revoked meanwhile.");
        }
        store.reload(invitation);
        UserModel user = session.users().getUserById(realm, invitation.getUserId());
        boolean deleted = false;
        if (user != null && UserStatus.of(user) == UserStatus.INVITED) {
            deleted = session.users().removeUser(realm, user);
        }
        Map<String, Object> details = new LinkedHashMap<>(details(invitation));
        details.put("userDeleted", deleted);
        Audit.record(session, realm, AuditEventType.USER_INVITE_REVOKED, actor.getId(), invitation.getUserId(), details);
        return deleted;
    }

    /**
     * Turns the invited user into an ACTIVE member: name and password from the accept page, email
     * verified (the link proved the address), the invited role. The one place that does it, so that
     * it can move to the lifecycle's activation later.
     */
    void activate(UserModel user, InvitationEntity invitation, String name, String password) {
        user.setFirstName(name);
        user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        user.setEmailVerified(true);
        // The user's current role, not the one written on the invitation: an admin may have changed it
        // (API or console) while the invitation was pending, and that change is what they meant.
        Role role = UserRoles.roleOf(realm, user);
        RoleService.assign(realm, user, role);
        // The one INVITED -> ACTIVE transition of the lifecycle; the person accepted, so they are the actor.
        Lifecycle.activateInvited(session, realm, user, user.getId(),
                Map.of("invitationId", invitation.getId(), "role", role.name()));
    }

    /** The link of Keycloak's action-token endpoint that opens the accept page. */
    String link(InvitationEntity invitation, UUID nonce) {
        int exp = (int) (invitation.getExpiresAt() / 1000L) + LINK_READABLE_AFTER_EXPIRY_SECONDS;
        InvitationActionToken token = new InvitationActionToken(invitation.getUserId(), invitation.getId(), exp, nonce);
        String jwt = token.serialize(session, realm, session.getContext().getUri());
        return LoginActionsService.actionTokenProcessor(session.getContext().getUri())
                .queryParam("key", jwt).build(realm.getName()).toString();
    }

    /** Sends the invitation email; false (and a warning in the log) when SMTP fails. Nothing is rolled back. */
    boolean sendEmail(InvitationEntity invitation, UserModel user, UserModel inviter, String link) {
        try {
            Locale locale = session.getContext().resolveLocale(user, true);
            String inviterName = nameOf(inviter);
            String realmName = realm.getDisplayName() == null || realm.getDisplayName().isBlank() ? realm.getName() : realm.getDisplayName();
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("link", link);
            attributes.put("inviterName", inviterName);
            attributes.put("inviteeName", invitation.getName());
            attributes.put("invitationRealmName", realmName);
            attributes.put("role", UserRoles.roleOf(realm, user).name());
            attributes.put("expiresAt", formatExpiry(invitation.getExpiresAt(), locale));
            // The HTML part takes every argument escaped: names are typed by people, and the message
            // itself is markup, so an unescaped name could become a live link.
            Map<String, String> html = new HashMap<>();
            for (String key : List.of("link", "inviterName", "inviteeName", "invitationRealmName", "role", "expiresAt")) {
                html.put(key, HtmlUtils.escapeAttribute(String.valueOf(attributes.get(key))));
            }
            attributes.put("html", html);
            // The invitee's language, not the admin's browser's: user locale, else the realm default.
            attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
            session.getProvider(EmailTemplateProvider.class)
                    .setRealm(realm).setUser(user)
                    .send(EMAIL_SUBJECT, List.of(realmName, inviterName), EMAIL_TEMPLATE, attributes);
            return true;
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("realm %s: invitation email to %s not sent: %s", realm.getName(), invitation.getEmail(), rootMessage(e));
            return false;
        }
    }

    /** E.g. "December 4, 2026 at 10:00 AM UTC" / "4. Dezember 2026 um 10:00 UTC", in the email's language. */
    static String formatExpiry(long epochMillis, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale).withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(epochMillis)) + " UTC";
    }

    static String nameOf(UserModel user) {
        if (user == null) {
            return null;
        }
        String name = PersonInput.displayName(user);
        return name != null ? name : user.getEmail() != null ? user.getEmail() : user.getUsername();
    }

    private static Map<String, Object> details(InvitationEntity invitation) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("invitationId", invitation.getId());
        details.put("email", invitation.getEmail());
        details.put("role", invitation.getRole());
        return details;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }

    InvitationStore store() {
        return store;
    }

    KeycloakSession session() {
        return session;
    }

    RealmModel realm() {
        return realm;
    }
}
