package io.opsknight.identity.profile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A secret the server made once and every node shares (table OK_SERVER_SECRET): the key of the SMS code
 * digests when no server option supplies one. Never logged, never in an event or a response.
 */
@Entity(name = "OpsKnightServerSecret")
@Table(name = "OK_SERVER_SECRET")
public class ServerSecretEntity {

    @Id
    @Column(name = "NAME", length = 64)
    private String name;

    @Column(name = "SECRET", nullable = false, length = 128)
    private String secret;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getSecret() { return secret; }
    public void setSecret(String secret) { this.secret = secret; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
}
