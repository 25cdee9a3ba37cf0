package io.opsknight.identity.scim;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.rest.ScimErrors;
import org.keycloak.models.KeycloakSession;

/**
 * The edge between our rules and Keycloak's SCIM server: a refusal rolls the whole request back and is
 * answered as a SCIM error (400, with {@code scimType} when SCIM has a keyword for it); any other exception
 * would be a 500 after which the request's changes could still commit, so those roll back here too.
 */
final class ScimRefusals {

    private ScimRefusals() {
    }

    static void run(KeycloakSession session, Runnable rules) {
        try {
            rules.run();
        } catch (ScimRefusal e) {
            session.getTransactionManager().setRollbackOnly();
            throw ScimErrors.answer(400, e.scimType(), e.getMessage());
        } catch (OpsKnightException e) {
            session.getTransactionManager().setRollbackOnly();
            // A value refused by our rules or the realm's profile; other refusals (the last ADMIN) have no
            // SCIM keyword: RFC 7644 keeps scimType for what is wrong with the request itself.
            throw ScimErrors.answer(400, e.reason() == OpsKnightException.Reason.INVALID
                    ? ScimRefusal.INVALID_VALUE : null, e.getMessage());
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            throw e;
        }
    }
}
