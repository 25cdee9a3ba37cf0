package io.opsknight.identity.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One message owed (table OK_OUTBOX): a webhook delivery or an email, written in the transaction of the
 * change, so a change that committed always has its message and a rolled-back one never does. The channel
 * says how it is sent, {@code ref} what it is about (the event id of a webhook, the invitation or user
 * of an email), {@code target} where it goes. An email's payload holds its link until it is done, then
 * it is cleared.
 */
@Entity(name = "OpsKnightOutboxMessage")
@Table(name = "OK_OUTBOX")
@NamedQueries({
        // The poll: index IDX_OK_OUTBOX_DUE; oldest first so a backlog drains in order. Whole rows, so that a
        // claim needs no second read per message.
        @NamedQuery(name = OutboxEntity.DUE,
                query = "select m from OpsKnightOutboxMessage m where m.status = 'PENDING' and m.nextAttemptAt <= :now"
                        + " and m.claimedUntil <= :now and m.channel in :channels order by m.nextAttemptAt, m.createdAt"),
        // A claim is a conditional update: of two nodes polling the same row, exactly one gets 1 row back.
        @NamedQuery(name = OutboxEntity.CLAIM,
                query = "update OpsKnightOutboxMessage m set m.claimedUntil = :until where m.id = :id"
                        + " and m.status = 'PENDING' and m.claimedUntil <= :now"),
        // A resend or revoke: the unsent messages about the old link are never sent (index IDX_OK_OUTBOX_REF).
        @NamedQuery(name = OutboxEntity.SUPERSEDE,
                query = "update OpsKnightOutboxMessage m set m.status = 'SUPERSEDED', m.doneAt = :now, m.payload = null"
                        + " where m.channel = :channel and m.ref = :ref and m.status = 'PENDING'"),
        @NamedQuery(name = OutboxEntity.OF_REFS,
                query = "select m from OpsKnightOutboxMessage m where m.channel = :channel and m.ref in :refs"
                        + " and m.status <> 'SUPERSEDED' order by m.createdAt"),
        @NamedQuery(name = OutboxEntity.DELETE_DONE_BEFORE,
                query = "delete from OpsKnightOutboxMessage m where m.channel = :channel and m.status in :statuses and m.doneAt < :cutoff"),
        // The backlog gauges: index IDX_OK_OUTBOX_BACKLOG answers it without reading the table.
        @NamedQuery(name = OutboxEntity.BACKLOG,
                query = "select m.channel, m.realmId, count(m), min(m.createdAt) from OpsKnightOutboxMessage m"
                        + " where m.status = 'PENDING' group by m.channel, m.realmId"),
        @NamedQuery(name = OutboxEntity.DELETE_OF_REALM,
                query = "delete from OpsKnightOutboxMessage m where m.realmId = :realmId"),
})
public class OutboxEntity {

    static final String DUE = "okOutbox.due";
    static final String CLAIM = "okOutbox.claim";
    static final String SUPERSEDE = "okOutbox.supersede";
    static final String OF_REFS = "okOutbox.ofRefs";
    static final String DELETE_DONE_BEFORE = "okOutbox.deleteDoneBefore";
    static final String DELETE_OF_REALM = "okOutbox.deleteOfRealm";
    static final String BACKLOG = "okOutbox.backlog";

    /**
     * PENDING until sent (SENT), refused for good or out of attempts (DEAD), replaced by a newer message
     * before it was sent (SUPERSEDED), or impossible because the realm has no mail server (NOT_CONFIGURED).
     */
    public enum Status { PENDING, SENT, DEAD, SUPERSEDED, NOT_CONFIGURED }

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "CHANNEL", nullable = false, length = 16)
    private String channel;

    @Column(name = "REF", nullable = false, length = 36)
    private String ref;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "TARGET", nullable = false, length = 2048)
    private String target;

    @Column(name = "PAYLOAD")
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
    public String getChannel() { return channel; }
    public void setChannel(String channel) { this.channel = channel; }
    public String getRef() { return ref; }
    public void setRef(String ref) { this.ref = ref; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getTarget() { return target; }
    public void setTarget(String target) { this.target = target; }
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
