package io.opsknight.identity.outbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An email as the outbox keeps it until it is sent: which template of the realm's email theme, the subject's
 * message key and arguments, the template's arguments as plain text (each also given HTML-escaped under
 * {@code html}), times to show in the recipient's language, and the person it is for (their language).
 * Rendered only when sent, with the realm's templates, language and mail server of that moment.
 *
 * @param failedEvent   the audit event recorded when it is DEAD (null: only the WARN)
 * @param failedDetails that event's details
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmailMessage(String template, String subject, List<String> subjectArgs, String userId,
                           Map<String, String> attributes, Map<String, Long> instants,
                           String failedEvent, Map<String, Object> failedDetails) {

    String json() {
        try {
            return JsonSerialization.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialize an email", e);
        }
    }

    static EmailMessage parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JsonSerialization.readValue(json, EmailMessage.class);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable email in the outbox", e);
        }
    }
}
