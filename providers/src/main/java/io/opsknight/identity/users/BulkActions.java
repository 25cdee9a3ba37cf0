package io.opsknight.identity.users;

import io.opsknight.identity.common.ApiCall;
import io.opsknight.identity.common.Names;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.roles.Role;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One admin action on many people (the {@code POST /users/bulk} API and the People page's bulk bar): each
 * person goes through the same {@link PeopleService} action as one at a time, with its own audit event, in a
 * transaction of its own, so one refusal (the last ACTIVE ADMIN, oneself, a person managed in the Keycloak
 * console, a wrong status) is that row's outcome and does not undo the others.
 * The caller has checked that the actor is an ACTIVE ADMIN.
 */
public final class BulkActions {

    private static final Logger LOG = Logger.getLogger(BulkActions.class);

    /** The most people one request acts on: a page's worth of selections many times over, and a bounded request. */
    public static final int MAX_IDS = 500;

    public enum Action {
        DEACTIVATE, REACTIVATE, CHANGE_ROLE, RESEND_INVITATION;

        /** The API's spelling: {@code deactivate}, {@code change-role}, ... */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Action> parse(String key) {
            return key == null ? Optional.empty() : Names.parse(Action.class, key.replace('-', '_'));
        }
    }

    /** One person's outcome: {@code done}, or {@code refused} with the refusal's code and sentence. */
    public record Row(String id, String email, String name, String outcome, String error, String message) {

        public boolean done() {
            return DONE.equals(outcome);
        }
    }

    static final String DONE = "done";
    static final String REFUSED = "refused";

    /** The whole answer, rows in the order of the ids (each id once). */
    public record Result(String action, int done, int refused, List<Row> rows) {
    }

    private BulkActions() {
    }

    /**
     * Checks the request before anything runs: 1 to {@value #MAX_IDS} ids, a role for (and only for)
     * {@code change-role}. Returns the ids, each once, in their first order.
     */
    public static List<String> validate(Action action, Role role, List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw OpsKnightException.invalid("missing_ids", "Name at least one person: ids is empty.");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null || id.isBlank() || id.length() > 255) {
                throw OpsKnightException.invalid("invalid_ids", "Every id must be a user id (1 to 255 characters).");
            }
            unique.add(id.strip());
        }
        if (unique.size() > MAX_IDS) {
            throw OpsKnightException.invalid("too_many_ids", "At most " + MAX_IDS + " people per request; this one names "
                    + unique.size() + ".");
        }
        if (action == Action.CHANGE_ROLE && role == null) {
            throw OpsKnightException.invalid("missing_role", "change-role needs a role: ADMIN, RESPONDER or USER.");
        }
        if (action != Action.CHANGE_ROLE && role != null) {
            throw OpsKnightException.invalid("unexpected_role", "Only change-role takes a role.");
        }
        return List.copyOf(unique);
    }

    /**
     * Runs {@code action} for each id, one transaction per person, and answers every row's outcome.
     *
     * @param source where the request came from, as the role change's audit detail ({@code api}, {@code people_page})
     */
    public static Result run(KeycloakSession session, RealmModel realm, UserModel actor, Action action, Role role,
                             List<String> ids, String source) {
        List<String> valid = validate(action, role, ids);
        // The request's caller, so that each person's audit event and Keycloak admin event name them as one at a time.
        ApiCall call = ApiCall.of(session);
        String actorId = actor.getId();
        List<Row> rows = new ArrayList<>();
        int done = 0;
        for (String id : valid) {
            Row row;
            try {
                row = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
                    s.getContext().setRealm(realm);
                    if (call != null) {
                        ApiCall.note(s, call.token(), call.user());
                    }
                    RealmModel r = s.realms().getRealm(realm.getId());
                    UserModel me = s.users().getUserById(r, actorId);
                    UserModel person = s.users().getUserById(r, id);
                    // Throwing rolls back this person's transaction alone; the refusal becomes the row.
                    one(s, r, me, person, action, role, source);
                    return new Row(id, person.getEmail(), PeopleService.displayName(person), DONE, null, null);
                });
                done++;
            } catch (OpsKnightException e) {
                row = new Row(id, null, null, REFUSED, e.code(), e.getMessage());
            } catch (RuntimeException e) {
                // Not a rule but a fault: the row says so, the others go on, the log has the cause.
                LOG.warnf(e, "bulk %s of user %s in realm %s failed", action.key(), id, realm.getName());
                row = new Row(id, null, null, REFUSED, "failed", "This person could not be changed; the server log has the cause.");
            }
            rows.add(row);
        }
        // A refused row names the person too, as they are now (read after the others' commits).
        List<Row> named = rows.stream().map(r -> r.done() ? r : named(session, realm, r)).toList();
        LOG.debugf("bulk %s in realm %s by %s: %d done, %d refused", action.key(), realm.getName(), actorId, done, valid.size() - done);
        return new Result(action.key(), done, valid.size() - done, named);
    }

    private static Row named(KeycloakSession session, RealmModel realm, Row row) {
        UserModel user = "not_found".equals(row.error()) ? null : session.users().getUserById(realm, row.id());
        return user == null ? row : new Row(row.id(), user.getEmail(), PeopleService.displayName(user), row.outcome(), row.error(), row.message());
    }

    /** One person, by the rules of one at a time; the same refusal codes as the single endpoints. */
    private static void one(KeycloakSession session, RealmModel realm, UserModel actor, UserModel person, Action action,
                            Role role, String source) {
        if (person == null || person.getServiceAccountClientLink() != null) {
            throw OpsKnightException.notFound("No user with this id.");
        }
        boolean self = person.getId().equals(actor.getId());
        PeopleService people = new PeopleService(session, realm);
        switch (action) {
            case DEACTIVATE -> {
                if (self) {
                    throw OpsKnightException.conflict("own_account", "You cannot deactivate your own account; ask another ADMIN.");
                }
                people.deactivate(actor, person);
            }
            case REACTIVATE -> people.reactivate(actor, person);
            case CHANGE_ROLE -> {
                if (self) {
                    throw OpsKnightException.conflict("own_account", "You cannot change your own role; ask another ADMIN.");
                }
                people.changeRole(actor, person, role.name(), source);
            }
            case RESEND_INVITATION -> people.resendInvitation(actor, person);
        }
    }
}
