package io.opsknight.identity.setup;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Reads and writes OK_SETUP_KEY rows in the given session's transaction. */
record SetupKeyStore(EntityManager em) {

    static SetupKeyStore of(KeycloakSession session) {
        return new SetupKeyStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    SetupKeyEntity find(String realmId) {
        return em.find(SetupKeyEntity.class, realmId);
    }

    void add(SetupKeyEntity row) {
        em.persist(row);
        em.flush();
    }

    void deleteOfRealm(String realmId) {
        em.createNamedQuery(SetupKeyEntity.DELETE_BY_REALM).setParameter("realmId", realmId).executeUpdate();
    }
}
