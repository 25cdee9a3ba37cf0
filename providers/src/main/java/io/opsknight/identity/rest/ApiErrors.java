package io.opsknight.identity.rest;

import io.opsknight.identity.common.OpsKnightException;

/**
 * The one place where a domain refusal becomes HTTP: reason to status, code and sentence to
 * {@code {"error","message"}}. Resources catch {@link OpsKnightException} (or let {@link #call} do it)
 * and throw what this returns; Keycloak then rolls the transaction back.
 */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static int status(OpsKnightException.Reason reason) {
        return switch (reason) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case TOO_MANY -> 429;
            case PEER_FAILED -> 502;
            case UNAVAILABLE -> 503;
        };
    }

    public static ApiException toApi(OpsKnightException e) {
        return new ApiException(status(e.reason()), e.code(), e.getMessage());
    }

    /** Runs domain code and maps its refusals: {@code return ApiErrors.call(() -> service.doIt(...));} */
    public static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (OpsKnightException e) {
            throw toApi(e);
        }
    }

    /** As {@link #call(java.util.function.Supplier)}, for work without a result. */
    public static void run(Runnable work) {
        try {
            work.run();
        } catch (OpsKnightException e) {
            throw toApi(e);
        }
    }
}
