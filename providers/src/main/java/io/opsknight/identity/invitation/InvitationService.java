package io.opsknight.identity.invitation;

import io.opsknight.identity.metrics.Meters;
import io.opsknight.identity.common.Digests;
import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.access.StatusService;
import io.opsknight.identity.outbox.Delivery;
import io.opsknight.identity.outbox.EmailMessage;
import io.opsknight.identity.outbox.Outbox;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.profile.ProfileWrite;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.access.RoleService;
import io.opsknight.identity.roles.UserRoles;
import jakarta.persistence.PersistenceException;
import org.jboss.logging.Logger;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.Urls;
import org.keycloak.services.resources.LoginActionsService;

import java.net.URI;

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
    // The server's front-end URL for links; null: the request's.
    private final URI base;

    public InvitationService(KeycloakSession session, RealmModel realm) {
        this(session, realm, null);
    }

    /** For work outside a request (a batch's worker): links are made from {@code base}, the server's front-end URL. */
    InvitationService(KeycloakSession session, RealmModel realm, URI base) {
        this.session = session;
        this.realm = realm;
        this.store = new InvitationStore(session);
        this.base = base;
    }

    /** An invitation plus what only its creator/resender sees once: the link, and its email's delivery state. */
    public record Issued(InvitationEntity invitation, String link, Delivery delivery) {

        /** Whether an email with the link is on its way (queued; the outbox sends it after commit). */
        public boolean emailSent() {
            return delivery != null && !"NOT_CONFIGURED".equals(delivery.status());
        }
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
        // The address's open invitations and, for a known person, theirs (an invitation belongs to the
        // user id: after an email change it may name another address).
        Map<String, InvitationEntity> opens = new LinkedHashMap<>();
        store.openByEmail(realm.getId(), email).forEach(i -> opens.put(i.getId(), i));
        if (user != null) {
            store.openByUser(realm.getId(), user.getId()).forEach(i -> opens.put(i.getId(), i));
        }
        for (InvitationEntity open : opens.values()) {
            boolean live = open.effectiveStatus(now) == InvitationStatus.PENDING;
            UserModel invited = session.users().getUserById(realm, open.getUserId());
            if (live && invited != null && user == null && !email.equalsIgnoreCase(String.valueOf(invited.getEmail()))) {
                // Another person's invitation that followed them to their new address: not this address's.
                continue;
            }
            if (live && invited != null) {
                throw OpsKnightException.conflict("invitation_pending", "An invitation for '" + email
                        + "' is pending; resend or revoke it instead.");
            }
            // An expired one (or one whose user was deleted in the console) is replaced by the new
            // invitation: close it so that only one invitation per address can ever be resent.
            store.revoke(open.getId());
            Audit.record(session, realm, AuditEventType.USER_INVITE_REVOKED, inviter.getId(), open.getUserId(),
                    Map.of("invitationId", open.getId(), "reason", "replaced"));
            Meters.invitation(session, realm, Meters.InvitationEvent.REVOKED);
        }

        boolean created = user == null;
        if (created) {
            // Two admins inviting one new address at once: the database's unique username (or Keycloak's
            // duplicate check) decides here, as our 409, instead of a generic error or a failed commit.
            try {
                user = session.users().addUser(realm, email);
                session.getProvider(JpaConnectionProvider.class).getEntityManager().flush();
            } catch (PersistenceException | ModelException e) {
                throw OpsKnightException.conflict("invitation_pending", "An invitation for '" + email
                        + "' was just created by someone else; resend or revoke it instead.");
            }
            // The lookups at the top are the User Profile's duplicate-email check (address, then address as
            // username), and the unique username insert above settles a race: with the address already set, the
            // profile below sees it unchanged and does not make the same two queries again.
            user.setEmail(email);
        }
        // Through the realm's User Profile: its validators hold for an invited name as for any other.
        ProfileWrite.write(session, realm, user, ProfileWrite.Writer.ADMIN, Map.of(UserModel.EMAIL, email, UserModel.FIRST_NAME, name));
        user.setEmailVerified(false);
        UserStatus.INVITED.applyTo(user);
        // Shown in the users list while INVITED; granted again from the invitation on acceptance.
        if (created) {
            new RoleService(session, realm).assignToNew(user, role);
        } else {
            new RoleService(session, realm).assign(user, role);
        }

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
        Meters.invitation(session, realm, Meters.InvitationEvent.CREATED);
        String link = link(invitation, nonce);
        return new Issued(invitation, link, queueEmail(invitation, role, user, inviter, link));
    }

    /** A fresh link and expiry for a PENDING or EXPIRED invitation; every earlier link stops working. */
    public Issued resend(UserModel actor, InvitationEntity invitation) {
        return reissue(actor.getId(), actor, invitation, Map.of(), true);
    }

    /**
     * The email of an INVITED person changed (our API, or Keycloak's console seen by our listener): the
     * invitation follows the person, so the link mailed to the old address stops working and a new one
     * goes to the new address, exactly as a resend does ({@code user.invite.resent} with reason
     * {@code email_changed}). Nothing happens when the invitation already names the current address, so
     * seeing one change twice (our API's change also reaches the listener) sends one email.
     *
     * @param actorId who changed the email (a console admin may belong to another realm)
     */
    public Optional<Issued> emailChanged(String actorId, UserModel user) {
        if (UserStatus.of(user) != UserStatus.INVITED || user.getEmail() == null) {
            return Optional.empty();
        }
        String email = user.getEmail().toLowerCase(Locale.ROOT);
        InvitationEntity invitation = store.openOfUser(realm.getId(), user.getId()).orElse(null);
        if (invitation == null || invitation.getEmail().equals(email)) {
            return Optional.empty();
        }
        String previous = invitation.getEmail();
        if (!store.changeEmail(invitation.getId(), email)) {
            return Optional.empty();
        }
        UserModel actor = actorId == null ? null : session.users().getUserById(realm, actorId);
        if (actor == null && invitation.getInviterId() != null) {
            // A console admin of another realm: the email names the original inviter.
            actor = session.users().getUserById(realm, invitation.getInviterId());
        }
        Map<String, Object> why = new LinkedHashMap<>();
        why.put("reason", "email_changed");
        why.put("previousEmail", previous);
        why.put("email", email);
        LOG.debugf("realm %s: invitation %s follows its user to a new address", realm.getName(), invitation.getId());
        return Optional.of(reissue(actorId, actor, invitation, why, true));
    }

    /**
     * "Copy link" for an admin who passes the link on by hand (no email yet, or it did not arrive): a fresh
     * link and expiry, no email, audited as {@code user.invite.link_shown}. Only a digest of a link is
     * stored, so showing one means minting one; every earlier link of the invitation stops working, and an
     * email of an earlier link that is still unsent is never sent.
     */
    public Issued showLink(UserModel actor, InvitationEntity invitation) {
        return reissue(actor.getId(), actor, invitation, Map.of(), false);
    }

    private Issued reissue(String actorId, UserModel sender, InvitationEntity invitation, Map<String, Object> why, boolean email) {
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
        // The old link dies below: its email, if still unsent, must never go out. First, before anything is
        // written: it waits for an email being sent, and if that is refused (H2) nothing is left half done.
        Outbox.supersedeEmails(session, invitation.getId());
        UUID nonce = SecretGenerator.getInstance().generateSecureUUID();
        long expiresAt = now + InvitationActionTokenHandler.lifespanSeconds(session, realm) * 1000L;
        if (!store.renew(invitation.getId(), Digests.sha256Hex(nonce.toString()), expiresAt)) {
            throw OpsKnightException.conflict("not_resendable", "The invitation was accepted or revoked meanwhile.");
        }
        store.reload(invitation);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("invitationId", invitation.getId());
        details.put("resendCount", invitation.getResendCount());
        details.putAll(why);
        Audit.record(session, realm, email ? AuditEventType.USER_INVITE_RESENT : AuditEventType.USER_INVITE_LINK_SHOWN,
                actorId, user.getId(), details);
        if (email) {
            Meters.invitation(session, realm, Meters.InvitationEvent.RESENT);
        }
        String link = link(invitation, nonce);
        return new Issued(invitation, link, email ? queueEmail(invitation, UserRoles.roleOf(realm, user), user, sender, link) : null);
    }

    /** The user's resendable (stored PENDING, live or expired) invitation, if any. */
    public Optional<InvitationEntity> openOf(UserModel user) {
        return store.openOfUser(realm.getId(), user.getId());
    }

    /** The state of the invitation's newest email (null for an invitation older than the outbox). */
    public Delivery delivery(InvitationEntity invitation) {
        return Outbox.emailDeliveries(session, List.of(invitation.getId())).get(invitation.getId());
    }

    /** Whether the email's state says it will not arrive: out of attempts (DEAD) or no mail server (NOT_CONFIGURED). */
    public static boolean undelivered(Delivery delivery) {
        return delivery != null && UNDELIVERED.contains(delivery.status());
    }

    /** The outbox states of an email that did not and will not arrive by itself (the People list's filter). */
    public static final List<String> UNDELIVERED = List.of("DEAD", "NOT_CONFIGURED");

    /** The id of the user's resendable (stored PENDING, live or expired) invitation, if any. */
    public Optional<String> pendingInvitationId(UserModel user) {
        return store.openOfUser(realm.getId(), user.getId()).map(InvitationEntity::getId);
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
        // Before anything is written, as in reissue: it may wait for (or on H2 be refused by) an email being sent.
        Outbox.supersedeEmails(session, invitation.getId());
        if (!store.revoke(invitation.getId())) {
            throw OpsKnightException.conflict("not_revocable", "The invitation was accepted or revoked meanwhile.");
        }
        store.reload(invitation);
        UserModel user = session.users().getUserById(realm, invitation.getUserId());
        boolean deleted = false;
        // Only a person this invitation alone was waiting for: one who accepted (ACTIVE) or holds a newer
        // open invitation keeps their account.
        if (user != null && UserStatus.of(user) == UserStatus.INVITED && store.openByUser(realm.getId(), user.getId()).isEmpty()) {
            deleted = session.users().removeUser(realm, user);
        }
        Map<String, Object> details = new LinkedHashMap<>(details(invitation));
        details.put("userDeleted", deleted);
        Audit.record(session, realm, AuditEventType.USER_INVITE_REVOKED, actor.getId(), invitation.getUserId(), details);
        Meters.invitation(session, realm, Meters.InvitationEvent.REVOKED);
        return deleted;
    }

    /**
     * Turns the invited user into an ACTIVE member: name and password from the accept page, email
     * verified (the link proved the address), the invited role. The one place that does it, so that
     * it can move to the lifecycle's activation later.
     */
    void activate(UserModel user, InvitationEntity invitation, String name, String password) {
        ProfileWrite.write(session, realm, user, ProfileWrite.Writer.SELF, Map.of(UserModel.FIRST_NAME, name));
        user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        user.setEmailVerified(true);
        // The user's current role, not the one written on the invitation: an admin may have changed it
        // (API or console) while the invitation was pending, and that change is what they meant.
        Role role = UserRoles.roleOf(realm, user);
        new RoleService(session, realm).assign(user, role);
        // The one INVITED -> ACTIVE transition of the lifecycle; the person accepted, so they are the actor.
        new StatusService(session, realm).activateInvited(user, user.getId(),
                Map.of("invitationId", invitation.getId(), "role", role.name()));
        Meters.invitation(session, realm, Meters.InvitationEvent.ACCEPTED);
    }

    /** The link of Keycloak's action-token endpoint that opens the accept page. */
    String link(InvitationEntity invitation, UUID nonce) {
        int exp = (int) (invitation.getExpiresAt() / 1000L) + LINK_READABLE_AFTER_EXPIRY_SECONDS;
        InvitationActionToken token = new InvitationActionToken(invitation.getUserId(), invitation.getId(), exp, nonce);
        URI baseUri = base != null ? base : session.getContext().getUri().getBaseUri();
        // Issuer and audience as Keycloak's action tokens have them; from a base URI rather than the request's
        // URI info, because a batch mints its links after the request, on any node.
        String issuer = Urls.realmIssuer(baseUri, realm.getName());
        if (token.getId() == null) {
            token.id(UUID.randomUUID().toString());
        }
        token.issuedNow();
        token.issuer(issuer);
        token.audience(issuer);
        String jwt = session.tokens().encode(token);
        return Urls.loginActionsBase(baseUri).path(LoginActionsService.class, "executeActionToken")
                .queryParam("key", jwt).build(realm.getName()).toString();
    }

    /**
     * The invitation email, written to the outbox in this transaction: sent after the commit with the realm's
     * templates, the invitee's language and the realm's mail server of that moment, retried while it fails; a
     * rolled-back invitation sends nothing. When it is DEAD, {@code user.invite.email_failed} is recorded.
     */
    Delivery queueEmail(InvitationEntity invitation, Role role, UserModel user, UserModel inviter, String link) {
        String inviterName = nameOf(inviter);
        String realmName = realm.getDisplayName() == null || realm.getDisplayName().isBlank() ? realm.getName() : realm.getDisplayName();
        Map<String, String> attributes = new HashMap<>();
        attributes.put("link", link);
        attributes.put("inviterName", String.valueOf(inviterName));
        attributes.put("inviteeName", invitation.getName());
        attributes.put("invitationRealmName", realmName);
        attributes.put("role", role.name());
        Map<String, Object> failed = new LinkedHashMap<>(details(invitation));
        EmailMessage email = new EmailMessage(EMAIL_TEMPLATE, EMAIL_SUBJECT, List.of(realmName, String.valueOf(inviterName)),
                user.getId(), attributes, Map.of("expiresAt", invitation.getExpiresAt()),
                AuditEventType.USER_INVITE_EMAIL_FAILED.key(), failed);
        return Outbox.email(session, realm, invitation.getId(), invitation.getEmail(), email);
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
