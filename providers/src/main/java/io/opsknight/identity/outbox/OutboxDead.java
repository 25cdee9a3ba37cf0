package io.opsknight.identity.outbox;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderEvent;

/**
 * Published (Keycloak's provider events) in the transaction that marks a message DEAD, so a package above
 * the outbox can react in that same transaction, e.g. the audit trail records {@code user.invite.email_failed}.
 */
public record OutboxDead(KeycloakSession session, OutboxMessage message, int attempts, String lastError) implements ProviderEvent {

    /** For an email: what it was about, or null for other channels. */
    public EmailMessage email() {
        return EmailChannel.NAME.equals(message.channel()) ? EmailMessage.parse(message.payload()) : null;
    }
}
