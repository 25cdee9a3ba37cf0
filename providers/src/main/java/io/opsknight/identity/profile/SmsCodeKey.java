package io.opsknight.identity.profile;

import io.opsknight.identity.common.Digests;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The stored digest of an SMS code is an HMAC under a server key: a six-digit code has only a million
 * values, so a plain digest gives the code away to anyone who reads the table. The key is the server
 * option {@code code-secret}, or else one made once from Keycloak's SecureRandom and kept in
 * OK_SERVER_SECRET, so every node uses the same. A database-held key protects against a reader of the
 * verification table or its backups, not against a reader of the whole database: set the option for that.
 */
final class SmsCodeKey {

    private static final Logger LOG = Logger.getLogger(SmsCodeKey.class);
    static final String NAME = "sms-code-key";
    /** 43 base62 characters: about 256 bits. */
    private static final int GENERATED_LENGTH = 43;

    private SmsCodeKey() {
    }

    /** The keyed digest of a code sent to {@code phone} for {@code userId}. */
    static String digest(KeycloakSession session, SmsSender sms, String userId, String phone, String code) {
        return Digests.hmacSha256Hex(key(session, sms), userId + "|" + phone + "|" + code);
    }

    private static String key(KeycloakSession session, SmsSender sms) {
        if (sms.codeSecret() != null) {
            return sms.codeSecret();
        }
        ServerSecretEntity stored = em(session).find(ServerSecretEntity.class, NAME);
        if (stored != null) {
            return stored.getSecret();
        }
        String made = SecretGenerator.getInstance().randomString(GENERATED_LENGTH, SecretGenerator.ALPHANUM);
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                ServerSecretEntity row = new ServerSecretEntity();
                row.setName(NAME);
                row.setSecret(made);
                row.setCreatedAt(Time.currentTimeMillis());
                em(s).persist(row);
                em(s).flush();
            });
            LOG.infof("SMS: made the key of the code digests (kept in the database, shared by every node)");
            return made;
        } catch (RuntimeException e) {
            // Another request or node stored its key first: that one is the key.
            LOG.debugf("SMS: code digest key made elsewhere (%s)", e.getClass().getSimpleName());
            return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                    s -> em(s).find(ServerSecretEntity.class, NAME).getSecret());
        }
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
