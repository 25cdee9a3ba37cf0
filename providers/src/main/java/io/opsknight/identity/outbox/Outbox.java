package io.opsknight.identity.outbox;

import io.opsknight.identity.common.OpsKnightException;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The one outbox of every channel. A capability writes its message here in the transaction of its change
 * (a change that rolls back sends nothing; one that commits always has its message); the node's sender
 * delivers it after the commit, with retries, and marks it DEAD after the last attempt.
 */
public final class Outbox {

    private Outbox() {
    }

    /** A webhook delivery (or any message of a registered channel). */
    public static void enqueue(KeycloakSession session, String channel, String ref, String realmId, String target, String payload) {
        OutboxStore.of(session).add(channel, ref, realmId, target, payload, OutboxEntity.Status.PENDING, Time.currentTimeMillis());
        session.getProvider(OutboxProvider.class).wakeAfterCommit(channel);
    }

    /**
     * An email about {@code ref} (an invitation, a person) to {@code to}. A realm without a mail server gets
     * a NOT_CONFIGURED row at once: nothing waits for a server that may never come.
     *
     * @return its delivery state as the answer shows it
     */
    public static Delivery email(KeycloakSession session, RealmModel realm, String ref, String to, EmailMessage email) {
        boolean configured = EmailChannel.configured(realm);
        OutboxEntity m = OutboxStore.of(session).add(EmailChannel.NAME, ref, realm.getId(), to, configured ? email.json() : null,
                configured ? OutboxEntity.Status.PENDING : OutboxEntity.Status.NOT_CONFIGURED, Time.currentTimeMillis());
        if (configured) {
            session.getProvider(OutboxProvider.class).wakeAfterCommit(EmailChannel.NAME);
        } else {
            m.setLastError(EmailChannel.NO_SERVER);
        }
        return Delivery.of(m);
    }

    /**
     * The unsent emails about {@code ref} are never sent (a resend or revoke made their link dead). An email
     * being sent right now is waited for (its row is locked until it is recorded); on H2, whose lock wait ends
     * after 2 s, a mail server that hangs longer makes this a 409 to try again, not a dead link sent.
     */
    public static void supersedeEmails(KeycloakSession session, String ref) {
        try {
            OutboxStore.of(session).supersede(EmailChannel.NAME, ref, Time.currentTimeMillis());
        } catch (PessimisticLockException | LockTimeoutException e) {
            throw OpsKnightException.conflict("email_being_sent",
                    "The previous email is being sent right now (the mail server is slow to answer); try again in a minute.");
        }
    }

    /** The newest email's delivery state of each ref that has one. */
    public static Map<String, Delivery> emailDeliveries(KeycloakSession session, Collection<String> refs) {
        Map<String, Delivery> latest = new HashMap<>();
        for (OutboxEntity m : OutboxStore.of(session).ofRefs(EmailChannel.NAME, refs)) {
            latest.put(m.getRef(), Delivery.of(m)); // oldest first: the newest wins
        }
        return latest;
    }

    /** Registers a channel of a package above the outbox, at boot. */
    public static void register(KeycloakSessionFactory factory, OutboxChannel channel) {
        ((OutboxProviderFactory) factory.getProviderFactory(OutboxProvider.class)).register(channel);
    }
}
