package io.opsknight.identity.scim;

import io.opsknight.identity.common.OpsKnightException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelValidationException;

/**
 * The edge between our rules and Keycloak's SCIM server: Keycloak answers a {@link ModelValidationException}
 * with a SCIM error (400, its message as {@code detail}) and rolls the request back; any other exception
 * would be a 500 after which the request's changes could still commit, so those roll back here too.
 */
final class ScimRefusals {

    private ScimRefusals() {
    }

    static void run(KeycloakSession session, Runnable rules) {
        try {
            rules.run();
        } catch (OpsKnightException e) {
            session.getTransactionManager().setRollbackOnly();
            throw new ModelValidationException(e.getMessage());
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            throw e;
        }
    }
}
