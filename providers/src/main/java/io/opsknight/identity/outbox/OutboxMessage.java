package io.opsknight.identity.outbox;

/** A message a node claimed and owns until its lease ends: what the channel needs to send it. */
public record OutboxMessage(String id, String channel, String ref, String realmId, String target, String payload, int attempts) {

    static OutboxMessage of(OutboxEntity m) {
        return new OutboxMessage(m.getId(), m.getChannel(), m.getRef(), m.getRealmId(), m.getTarget(), m.getPayload(), m.getAttempts());
    }
}
