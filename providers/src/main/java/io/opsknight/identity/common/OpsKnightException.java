package io.opsknight.identity.common;

/**
 * A refusal by the domain: a reason (what kind of refusal), a stable code for machines and a sentence
 * for a person. Domain classes throw it and know nothing of HTTP; the REST edge
 * ({@code rest.ApiErrors}) maps the reason to a status and the {@code {"error","message"}} body, the
 * way Keycloak's OrganizationResource maps ModelValidationException to an ErrorResponse.
 */
public class OpsKnightException extends RuntimeException {

    /** What kind of refusal; the REST edge owns the status each one becomes. */
    public enum Reason {
        /** Bad input (400). */
        INVALID,
        /** No or invalid credentials (401). */
        UNAUTHENTICATED,
        /** Authenticated, but not allowed (403). */
        FORBIDDEN,
        /** No such thing, or not visible to the caller (404). */
        NOT_FOUND,
        /** The current state forbids it (409). */
        CONFLICT,
        /** It existed but is used up or expired (410). */
        GONE,
        /** Too many attempts (429). */
        TOO_MANY,
        /** A peer we depend on failed (502). */
        PEER_FAILED,
        /** A feature that is not configured on this server (503). */
        UNAVAILABLE
    }

    private final Reason reason;
    private final String code;

    public OpsKnightException(Reason reason, String code, String message) {
        super(message);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    public String code() {
        return code;
    }

    public static OpsKnightException invalid(String code, String message) {
        return new OpsKnightException(Reason.INVALID, code, message);
    }

    public static OpsKnightException forbidden(String message) {
        return new OpsKnightException(Reason.FORBIDDEN, "forbidden", message);
    }

    public static OpsKnightException notFound(String message) {
        return new OpsKnightException(Reason.NOT_FOUND, "not_found", message);
    }

    public static OpsKnightException conflict(String code, String message) {
        return new OpsKnightException(Reason.CONFLICT, code, message);
    }

    public static OpsKnightException gone(String code, String message) {
        return new OpsKnightException(Reason.GONE, code, message);
    }

    public static OpsKnightException tooMany(String code, String message) {
        return new OpsKnightException(Reason.TOO_MANY, code, message);
    }

    public static OpsKnightException peerFailed(String code, String message) {
        return new OpsKnightException(Reason.PEER_FAILED, code, message);
    }

    public static OpsKnightException unavailable(String code, String message) {
        return new OpsKnightException(Reason.UNAVAILABLE, code, message);
    }
}
