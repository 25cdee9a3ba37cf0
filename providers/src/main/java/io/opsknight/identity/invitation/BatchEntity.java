package io.opsknight.identity.invitation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One invitation batch (table OK_INVITATION_BATCH): RUNNING while any of its rows is PENDING, then DONE.
 * The rows are in OK_INVITATION_BATCH_ROW; the work is driven by the outbox (channel {@value BatchChannel#NAME}).
 */
@Entity(name = "OpsKnightInvitationBatch")
@Table(name = "OK_INVITATION_BATCH")
@NamedQueries({
        // Newest first (index IDX_OK_INVITATION_BATCH_REALM).
        @NamedQuery(name = BatchEntity.LIST,
                query = "select b from OpsKnightInvitationBatch b where b.realmId = :realmId order by b.createdAt desc, b.id desc"),
        // Only the chunk that finds no PENDING row left finishes the batch, once.
        @NamedQuery(name = BatchEntity.FINISH,
                query = "update OpsKnightInvitationBatch b set b.status = 'DONE', b.finishedAt = :now where b.id = :id and b.status = 'RUNNING'"),
        @NamedQuery(name = BatchEntity.DELETE_OF_REALM,
                query = "delete from OpsKnightInvitationBatch b where b.realmId = :realmId"),
})
public class BatchEntity {

    static final String LIST = "okInvitationBatch.list";
    static final String FINISH = "okInvitationBatch.finish";
    static final String DELETE_OF_REALM = "okInvitationBatch.deleteOfRealm";

    public enum Status { RUNNING, DONE }

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "CREATED_BY", nullable = false, length = 36)
    private String createdBy;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "FINISHED_AT")
    private Long finishedAt;

    @Column(name = "STATUS", nullable = false, length = 16)
    private String status;

    @Column(name = "TOTAL", nullable = false)
    private int total;

    @Column(name = "SOURCE", nullable = false, length = 16)
    private String source;

    // The server's front-end URL when the batch was posted: the links are minted later, outside any request.
    @Column(name = "BASE_URI", nullable = false, length = 2048)
    private String baseUri;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getFinishedAt() { return finishedAt; }
    public void setFinishedAt(Long finishedAt) { this.finishedAt = finishedAt; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public int getTotal() { return total; }
    public void setTotal(int total) { this.total = total; }
    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public String getBaseUri() { return baseUri; }
    public void setBaseUri(String baseUri) { this.baseUri = baseUri; }
}
