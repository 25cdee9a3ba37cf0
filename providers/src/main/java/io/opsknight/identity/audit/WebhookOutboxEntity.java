package io.opsknight.identity.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One webhook delivery owed (table OK_WEBHOOK_OUTBOX): an event for one receiver URL, written in the
 * transaction of the change, so a change that committed always has its delivery and a rolled-back
 * one never does. The body is stored as it will be signed; the secret is not stored.
 */
@Entity(name = "OpsKnightWebhookDelivery")
@Table(name = "OK_WEBHOOK_OUTBOX")
@NamedQueries({
        // The poll: index IDX_OK_WEBHOOK_DUE; oldest first so a backlog drains in order.
        @NamedQuery(name = WebhookOutboxEntity.DUE,
                query = "select d.id from OpsKnightWebhookDelivery d where d.status = 'PENDING' and d.nextAttemptAt <= :now"
                        + " and d.claimedUntil <= :now order by d.nextAttemptAt, d.createdAt"),
        // A claim is a conditional update: of two nodes polling the same row, exactly one gets 1 row back.
        @NamedQuery(name = WebhookOutboxEntity.CLAIM,
                query = "update OpsKnightWebhookDelivery d set d.claimedUntil = :until where d.id = :id"
                        + " and d.status = 'PENDING' and d.claimedUntil <= :now"),
        @NamedQuery(name = WebhookOutboxEntity.DELETE_DONE_BEFORE,
                query = "delete from OpsKnightWebhookDelivery d where d.status = :status and d.doneAt < :cutoff"),
        @NamedQuery(name = WebhookOutboxEntity.DELETE_OF_REALM,
                query = "delete from OpsKnightWebhookDelivery d where d.realmId = :realmId"),
})
public class WebhookOutboxEntity {

    static final String DUE = "okWebhook.due";
    static final String CLAIM = "okWebhook.claim";
    static final String DELETE_DONE_BEFORE = "okWebhook.deleteDoneBefore";
    static final String DELETE_OF_REALM = "okWebhook.deleteOfRealm";

    /** PENDING until a 2xx (DELIVERED) or the last allowed attempt failed (DEAD). */
    public enum Status { PENDING, DELIVERED, DEAD }

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "EVENT_ID", nullable = false, length = 36)
    private String eventId;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "URL", nullable = false, length = 2048)
    private String url;

    @Column(name = "PAYLOAD", nullable = false)
    private String payload;

    @Column(name = "STATUS", nullable = false, length = 16)
    private String status;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private long nextAttemptAt;

    @Column(name = "CLAIMED_UNTIL", nullable = false)
    private long claimedUntil;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "DONE_AT")
    private Long doneAt;

    @Column(name = "LAST_ERROR")
    private String lastError;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getEventId() { return eventId; }
    public void setEventId(String eventId) { this.eventId = eventId; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getPayload() { return payload; }
    public void setPayload(String payload) { this.payload = payload; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public long getNextAttemptAt() { return nextAttemptAt; }
    public void setNextAttemptAt(long nextAttemptAt) { this.nextAttemptAt = nextAttemptAt; }
    public long getClaimedUntil() { return claimedUntil; }
    public void setClaimedUntil(long claimedUntil) { this.claimedUntil = claimedUntil; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getDoneAt() { return doneAt; }
    public void setDoneAt(Long doneAt) { this.doneAt = doneAt; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
}
