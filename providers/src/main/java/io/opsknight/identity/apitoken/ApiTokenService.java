package io.opsknight.identity.apitoken;

import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.ApiTokenClient;
import io.opsknight.identity.common.Digests;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.roles.UserRoles;
import org.jboss.logging.Logger;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Personal API tokens: create, list, revoke, and the checks of the exchange. Admin-only: only an
 * ACTIVE ADMIN creates and uses them, and losing either (deactivation, demotion) revokes them all in
 * the same transaction ({@link #revokeAllOf}). The token text exists only in the create response; the
 * row keeps its SHA-256 digest (a fast hash is right for a 131-bit random secret, ASVS 5.0 V6.5).
 * Nothing here logs a token or puts one in an event.
 */
public final class ApiTokenService {

    private static final Logger LOG = Logger.getLogger(ApiTokenService.class);

    /** The client through which tokens are exchanged (realm-config). */
    public static final String CLIENT_ID = ApiTokenClient.ID;
    public static final int NAME_MAX = 100;
    public static final int DEFAULT_DAYS = 90;
    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 366;
    /** {@code lastUsedAt} is written at most this often per token. */
    static final long LAST_USED_RESOLUTION_MILLIS = 60_000L;

    /** Revocation reasons, as stored and in the {@code api_token.revoked} event. */
    public static final String REVOKED_BY_PERSON = "revoked";
    public static final String USER_DEACTIVATED = "user_deactivated";
    public static final String ROLE_CHANGED = "role_changed";
    public static final String PASSWORD_CHANGED = "password_changed";
    public static final String SESSIONS_ENDED = "sessions_ended";

    private final KeycloakSession session;
    private final RealmModel realm;

    public ApiTokenService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** A new token: the row, and the text to show this once. */
    public record Created(ApiTokenEntity row, String token) {
    }

    /**
     * Creates a token for {@code owner}, who must be an ACTIVE ADMIN (the resource checks the caller).
     *
     * @param expiresInDays null: {@value #DEFAULT_DAYS}
     */
    public Created create(UserModel owner, String actorId, String name, Integer expiresInDays) {
        String clean = validName(name);
        int days = expiresInDays == null ? DEFAULT_DAYS : expiresInDays;
        if (days < MIN_DAYS || days > MAX_DAYS) {
            throw OpsKnightException.invalid("invalid_field",
                    "Field 'expiresInDays' must be between " + MIN_DAYS + " and " + MAX_DAYS + ".");
        }
        ApiTokenStore store = new ApiTokenStore(session);
        if (store.nameTaken(realm.getId(), owner.getId(), clean)) {
            throw OpsKnightException.conflict("name_in_use", "You already have an API token named '" + clean + "'.");
        }
        String token = ApiTokenFormat.compose(SecretGenerator.getInstance().randomString(ApiTokenFormat.RANDOM_LENGTH,
                ApiTokenFormat.BASE62));
        long now = System.currentTimeMillis();
        ApiTokenEntity row = new ApiTokenEntity();
        row.setId(KeycloakModelUtils.generateId());
        row.setRealmId(realm.getId());
        row.setUserId(owner.getId());
        row.setName(clean);
        row.setTokenDigest(Digests.sha256Hex(token));
        row.setDisplayPrefix(ApiTokenFormat.displayPrefix(token));
        row.setCreatedAt(now);
        row.setExpiresAt(now + Duration.ofDays(days).toMillis());
        store.add(row);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tokenId", row.getId());
        details.put("name", clean);
        details.put("prefix", row.getDisplayPrefix());
        details.put("expiresInDays", days);
        Audit.record(session, realm, AuditEventType.API_TOKEN_CREATED, actorId, owner.getId(), details);
        LOG.debugf("API token %s created for user %s of realm %s", row.getId(), owner.getId(), realm.getName());
        return new Created(row, token);
    }

    /** The user's tokens that are not revoked (expired ones included), newest first. */
    public List<ApiTokenEntity> list(UserModel owner, int first, int max) {
        return new ApiTokenStore(session).liveOf(realm.getId(), owner.getId(), first, max);
    }

    /** Revokes one token of {@code owner}; 404 for an id that is not a live token of theirs. */
    public ApiTokenEntity revoke(UserModel owner, String tokenId, String actorId) {
        ApiTokenEntity row = new ApiTokenStore(session).find(realm.getId(), owner.getId(), tokenId)
                .filter(t -> t.getRevokedAt() == null)
                .orElseThrow(() -> OpsKnightException.notFound("No API token with id '" + tokenId + "'."));
        revokeRow(row, REVOKED_BY_PERSON, actorId);
        return row;
    }

    /**
     * Revokes every live token of the user, in the caller's transaction: called when the user is
     * deactivated ({@code StatusService.disable}), loses ADMIN ({@code RoleService.changed}), changes their
     * password or has it reset ({@code PasswordChange}, {@link ApiTokenRevocation}), and when an admin ends
     * all the user's sessions ({@code SessionService.revokeAll}, {@link ApiTokenRevocation}): whoever may
     * have taken the password or a session may also have taken a token.
     *
     * @return how many were revoked
     */
    public int revokeAllOf(UserModel user, String reason) {
        List<ApiTokenEntity> live = new ApiTokenStore(session).allLiveOf(realm.getId(), user.getId());
        for (ApiTokenEntity row : live) {
            revokeRow(row, reason, null);
        }
        if (!live.isEmpty()) {
            LOG.debugf("revoked %d API tokens of user %s of realm %s (%s)", live.size(), user.getId(), realm.getName(), reason);
        }
        return live.size();
    }

    private void revokeRow(ApiTokenEntity row, String reason, String actorId) {
        row.setRevokedAt(System.currentTimeMillis());
        row.setRevokeReason(reason);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tokenId", row.getId());
        details.put("name", row.getName());
        details.put("prefix", row.getDisplayPrefix());
        details.put("reason", reason);
        Audit.record(session, realm, AuditEventType.API_TOKEN_REVOKED, actorId, row.getUserId(), details);
    }

    /** Why an exchange was refused; {@code countsAsWrongToken}: the presented text was no usable token. */
    public enum Refusal {
        MALFORMED("The API token is malformed.", true),
        BAD_CHECKSUM("The API token's checksum does not match: check it for typos.", true),
        UNKNOWN("The API token is not valid.", true),
        REVOKED("The API token was revoked.", true),
        EXPIRED("The API token has expired.", true),
        OWNER_NOT_ACTIVE("The API token's owner is not active.", false),
        OWNER_NOT_ADMIN("The API token's owner is no longer an ADMIN.", false);

        private final String description;
        private final boolean countsAsWrongToken;

        Refusal(String description, boolean countsAsWrongToken) {
            this.description = description;
            this.countsAsWrongToken = countsAsWrongToken;
        }

        public String description() {
            return description;
        }

        public boolean countsAsWrongToken() {
            return countsAsWrongToken;
        }

        /** The detail of Keycloak's error event. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The outcome of checking a presented token: a usable row and its owner, or a refusal. */
    public record Exchange(ApiTokenEntity row, UserModel owner, Refusal refusal) {
        static Exchange refused(Refusal refusal) {
            return new Exchange(null, null, refusal);
        }

        static Exchange refused(Refusal refusal, ApiTokenEntity row, UserModel owner) {
            return new Exchange(row, owner, refusal);
        }
    }

    /**
     * Checks a presented token: its format and checksum first (no database look-up for garbage or a
     * typo), then the row by digest in this realm, revocation, expiry, and the owner (ACTIVE, ADMIN).
     */
    public Exchange check(String text, long now) {
        switch (ApiTokenFormat.check(text)) {
            case MALFORMED:
                return Exchange.refused(Refusal.MALFORMED);
            case BAD_CHECKSUM:
                return Exchange.refused(Refusal.BAD_CHECKSUM);
            default:
                break;
        }
        ApiTokenEntity row = new ApiTokenStore(session).byDigest(Digests.sha256Hex(text))
                .filter(t -> t.getRealmId().equals(realm.getId())).orElse(null);
        if (row == null) {
            return Exchange.refused(Refusal.UNKNOWN);
        }
        if (row.getRevokedAt() != null) {
            return Exchange.refused(Refusal.REVOKED);
        }
        if (row.getExpiresAt() <= now) {
            return Exchange.refused(Refusal.EXPIRED);
        }
        UserModel owner = session.users().getUserById(realm, row.getUserId());
        if (owner == null || !owner.isEnabled() || UserStatus.of(owner) != UserStatus.ACTIVE) {
            return Exchange.refused(Refusal.OWNER_NOT_ACTIVE, row, owner);
        }
        if (UserRoles.roleOf(realm, owner) != Role.ADMIN) {
            return Exchange.refused(Refusal.OWNER_NOT_ADMIN, row, owner);
        }
        return new Exchange(row, owner, null);
    }

    /**
     * Notes a successful exchange: last used, at most one write a minute per token. The row read by
     * {@link #check} already tells whether a minute has passed, so most exchanges send no statement at
     * all; the conditional UPDATE settles concurrent exchanges (one of them writes).
     */
    void touch(ApiTokenEntity row, long now) {
        Long last = row.getLastUsedAt();
        if (last == null || last < now - LAST_USED_RESOLUTION_MILLIS) {
            new ApiTokenStore(session).touch(row.getId(), now);
        }
    }

    /** Keycloak removes a user: their rows go too. */
    void deleteOfUser(String userId) {
        new ApiTokenStore(session).deleteOfUser(realm.getId(), userId);
    }

    /** Keycloak removes the realm: every row of it goes. */
    void deleteOfRealm() {
        new ApiTokenStore(session).deleteOfRealm(realm.getId());
    }

    private static String validName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            throw OpsKnightException.invalid("missing_field", "Field 'name' is required.");
        }
        if (clean.length() > NAME_MAX) {
            throw OpsKnightException.invalid("invalid_name", "Field 'name' is limited to " + NAME_MAX + " characters.");
        }
        if (clean.chars().anyMatch(Character::isISOControl)) {
            throw OpsKnightException.invalid("invalid_name", "Field 'name' must not contain control characters.");
        }
        return clean;
    }
}
