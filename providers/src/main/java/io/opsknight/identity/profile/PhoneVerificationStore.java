package io.opsknight.identity.profile;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Reads and writes OK_PHONE_VERIFICATION rows (one per user) in the given session's transaction. */
record PhoneVerificationStore(EntityManager em) {

    static PhoneVerificationStore of(KeycloakSession session) {
        return new PhoneVerificationStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    /** The user's row, locked until the transaction ends; null when the user has none yet. */
    PhoneVerificationEntity lock(String userId) {
        return em.find(PhoneVerificationEntity.class, userId, LockModeType.PESSIMISTIC_WRITE);
    }

    boolean exists(String userId) {
        return em.find(PhoneVerificationEntity.class, userId) != null;
    }

    void add(PhoneVerificationEntity row) {
        em.persist(row);
        em.flush();
    }

    void flush() {
        em.flush();
    }
}
