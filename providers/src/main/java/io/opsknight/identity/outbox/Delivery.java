package io.opsknight.identity.outbox;

import io.opsknight.identity.common.Times;
import com.fasterxml.jackson.annotation.JsonInclude;


/**
 * The state of a message as the API shows it: {@code {status: PENDING|SENT|RETRYING|DEAD|NOT_CONFIGURED,
 * attempts, lastError, sentAt}}, every field written (null when none). RETRYING is a PENDING message that
 * failed at least once.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Delivery(String status, int attempts, String lastError, String sentAt) {

    static Delivery of(OutboxEntity m) {
        String status = m.getStatus();
        if (OutboxEntity.Status.PENDING.name().equals(status) && m.getAttempts() > 0) {
            status = "RETRYING";
        }
        boolean sent = OutboxEntity.Status.SENT.name().equals(m.getStatus());
        return new Delivery(status, m.getAttempts(), sent ? null : m.getLastError(),
                sent ? Times.iso(m.getDoneAt()) : null);
    }
}
