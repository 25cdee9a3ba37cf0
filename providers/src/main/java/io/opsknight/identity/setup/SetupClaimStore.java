package io.opsknight.identity.setup;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Reads and writes OK_SETUP_CLAIM rows in Keycloak's transaction: the table's one seam. */
record SetupClaimStore(EntityManager em) {

    static SetupClaimStore of(KeycloakSession session) {
        return new SetupClaimStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    boolean claimed(String realmId) {
        return em.find(SetupClaimEntity.class, realmId) != null;
    }

    /**
     * Inserts the realm's claim and flushes at once, so that a competing claim's duplicate key (or,
     * on H2, its lock timeout) surfaces here as a PersistenceException/ModelException.
     */
    SetupClaimEntity claim(String realmId, long now) {
        SetupClaimEntity claim = new SetupClaimEntity();
        claim.setRealmId(realmId);
        claim.setClaimedAt(now);
        em.persist(claim);
        em.flush();
        return claim;
    }

    /** Writes this transaction's pending changes now, so that a conflict surfaces at this point. */
    void flush() {
        em.flush();
    }

    /** The claim belongs to the realm: a realm created again under the same id starts fresh. */
    void deleteForRealm(String realmId) {
        em.createNamedQuery(SetupClaimEntity.DELETE_BY_REALM).setParameter("realmId", realmId).executeUpdate();
    }
}
