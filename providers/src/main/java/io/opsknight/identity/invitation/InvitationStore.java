package io.opsknight.identity.invitation;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import java.util.List;
import java.util.Optional;

/** Reads and writes OK_INVITATION rows in Keycloak's transaction. */
final class InvitationStore {

    private final EntityManager em;

    InvitationStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    void add(InvitationEntity invitation) {
        em.persist(invitation);
        em.flush();
    }

    Optional<InvitationEntity> find(String realmId, String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        InvitationEntity e = em.find(InvitationEntity.class, id);
        return e == null || !e.getRealmId().equals(realmId) ? Optional.empty() : Optional.of(e);
    }

    /** Re-reads a row from the database, past this transaction's cache (after a conditional update). */
    InvitationEntity reload(InvitationEntity invitation) {
        em.refresh(invitation);
        return invitation;
    }

    /**
     * Newest first. A null status lists all; PENDING and EXPIRED are split by the expiry time. With an
     * (already lower-cased) email, only that address's invitations: a handful of rows found through
     * IDX_OK_INVITATION_REALM_EMAIL, so the status and the page are applied here.
     */
    List<InvitationEntity> list(String realmId, InvitationStatus status, String email, long now, int first, int max) {
        if (email != null) {
            return em.createNamedQuery(InvitationEntity.LIST_BY_EMAIL, InvitationEntity.class)
                    .setParameter("realmId", realmId).setParameter("email", email).getResultStream()
                    .filter(i -> status == null || i.effectiveStatus(now) == status)
                    .skip(first).limit(max).toList();
        }
        TypedQuery<InvitationEntity> q;
        if (status == null) {
            q = em.createNamedQuery(InvitationEntity.LIST_ALL, InvitationEntity.class);
        } else if (status == InvitationStatus.PENDING) {
            q = em.createNamedQuery(InvitationEntity.LIST_PENDING, InvitationEntity.class).setParameter("now", now);
        } else if (status == InvitationStatus.EXPIRED) {
            q = em.createNamedQuery(InvitationEntity.LIST_EXPIRED, InvitationEntity.class).setParameter("now", now);
        } else {
            q = em.createNamedQuery(InvitationEntity.LIST_STORED_STATUS, InvitationEntity.class).setParameter("status", status);
        }
        return q.setParameter("realmId", realmId).setFirstResult(first).setMaxResults(max).getResultList();
    }

    /** The newest stored-PENDING (live or expired, so resendable) invitation of the user. */
    Optional<InvitationEntity> openOfUser(String realmId, String userId) {
        return openByUser(realmId, userId).stream().max(java.util.Comparator.comparingLong(InvitationEntity::getCreatedAt));
    }

    /** Stored-PENDING invitations of one user, whatever address they were sent to. */
    List<InvitationEntity> openByUser(String realmId, String userId) {
        return em.createNamedQuery(InvitationEntity.OPEN_BY_USER, InvitationEntity.class)
                .setParameter("realmId", realmId).setParameter("userId", userId).getResultList();
    }

    /** The address of a stored-PENDING invitation; false when it was accepted or revoked meanwhile. */
    boolean changeEmail(String id, String email) {
        return em.createNamedQuery(InvitationEntity.CHANGE_EMAIL).setParameter("id", id).setParameter("email", email)
                .executeUpdate() == 1;
    }

    /** Stored-PENDING invitations of one (lower-cased) address: live or expired. */
    List<InvitationEntity> openByEmail(String realmId, String email) {
        return em.createNamedQuery(InvitationEntity.OPEN_BY_EMAIL, InvitationEntity.class)
                .setParameter("realmId", realmId).setParameter("email", email).getResultList();
    }

    /**
     * The single-use check: PENDING, unexpired and holding this nonce becomes ACCEPTED. The row lock
     * taken here serializes concurrent accepts; the second one finds ACCEPTED and changes nothing.
     *
     * @return true for the one caller that won
     */
    boolean accept(String id, String nonceDigest, long now) {
        return em.createNamedQuery(InvitationEntity.ACCEPT)
                .setParameter("id", id).setParameter("nonceDigest", nonceDigest).setParameter("now", now)
                .executeUpdate() == 1;
    }

    /** New nonce and expiry for a stored-PENDING invitation; false when it was accepted or revoked meanwhile. */
    boolean renew(String id, String nonceDigest, long expiresAt) {
        return em.createNamedQuery(InvitationEntity.RENEW)
                .setParameter("id", id).setParameter("nonceDigest", nonceDigest).setParameter("expiresAt", expiresAt)
                .executeUpdate() == 1;
    }

    /** PENDING (expired or not) becomes REVOKED; false when it was accepted or revoked meanwhile. */
    boolean revoke(String id) {
        return em.createNamedQuery(InvitationEntity.REVOKE).setParameter("id", id).executeUpdate() == 1;
    }

}
