package io.opsknight.identity.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * One event as the outside sees it: the webhook body {@code {id, type, time, realm, actor, target,
 * details}} (docs/audit.md), and (with its source and IP) an entry of {@code GET /audit}.
 *
 * @param source {@code opsknight} for our events, {@code keycloak} for Keycloak's own login events
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEvent(String id, String type, String time, String realm, String source, Party actor, Party target,
                         String ipAddress, Map<String, Object> details) {

    public static final String OPSKNIGHT = "opsknight";
    public static final String KEYCLOAK = "keycloak";

    /** A user as the event saw them: the id, and the email at the time. */
    public record Party(String id, String email) {

        static Party of(String id, String email) {
            return id == null && email == null ? null : new Party(id, email);
        }
    }

    /**
     * The webhook body: the same fields less the audit trail's own (source and IP stay in the trail). Every
     * field is written, null included (no actor: the system or the setup page), so receivers see one shape.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Webhook(String id, String type, String time, String realm, Party actor, Party target,
                          Map<String, Object> details) {
    }

    public Webhook webhook() {
        return new Webhook(id, type, time, realm, actor, target, details);
    }
}
