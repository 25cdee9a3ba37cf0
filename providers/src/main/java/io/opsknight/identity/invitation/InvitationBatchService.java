package io.opsknight.identity.invitation;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.outbox.Outbox;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.profile.ProfileWrite;
import io.opsknight.identity.roles.Permission;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.roles.UserRoles;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invitation batches: every row checked first (the dry run), then stored with its batch and invited after the
 * commit, a chunk per transaction, by the outbox's sender on whichever node claims the batch (see
 * {@link BatchChannel}). Each row goes through {@link InvitationService#invite} (same rules, same audit event,
 * email through the outbox). Re-posting a file invites nobody twice: a row whose person is already invited or
 * a member is reported as such.
 */
public final class InvitationBatchService {

    private static final Logger LOG = Logger.getLogger(InvitationBatchService.class);

    /** Rows per transaction of the worker. */
    static final int CHUNK = 50;

    /** What a row's check says would happen. */
    public enum Outcome { INVITE, ALREADY_MEMBER, ALREADY_INVITED, INVALID }

    /** A stored row's state: PENDING until the worker did it, then one of the others. */
    public enum RowStatus { PENDING, INVITED, ALREADY_MEMBER, ALREADY_INVITED, INVALID, FAILED }

    /**
     * One row checked: the values as they would be stored (email lower-cased, name trimmed) when valid, else as typed.
     *
     * @param reason  a code ({@code invalid_email}, {@code duplicate}, ...) when not INVITE
     * @param message a sentence for people
     */
    public record Checked(int row, String email, String name, String role, Outcome outcome, String reason, String message) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final BatchStore store;
    private final InvitationStore invitations;

    public InvitationBatchService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = new BatchStore(session);
        this.invitations = new InvitationStore(session);
    }

    /** The dry run: what each row would do, nothing written. */
    public List<Checked> check(List<BatchInput.Row> rows) {
        Map<String, Integer> seen = new HashMap<>();
        List<Checked> checked = new ArrayList<>(rows.size());
        for (BatchInput.Row r : rows) {
            checked.add(check(r, seen));
        }
        return checked;
    }

    private Checked check(BatchInput.Row r, Map<String, Integer> seen) {
        Optional<String> email = PersonInput.email(r.email());
        if (email.isEmpty()) {
            return invalid(r, "invalid_email", r.email() == null ? "The email is missing." : "'" + r.email() + "' is not a valid email address.");
        }
        Integer earlier = seen.putIfAbsent(email.get(), r.row());
        if (earlier != null) {
            return invalid(r, "duplicate", "The same email as row " + earlier + ".");
        }
        Optional<String> name = PersonInput.name(r.name());
        if (name.isEmpty()) {
            return invalid(r, "invalid_name", r.name() == null ? "The name is missing."
                    : "The name must be 1 to " + PersonInput.MAX_NAME_LENGTH + " characters without control characters.");
        }
        Optional<Role> role = Role.parse(r.role());
        if (role.isEmpty()) {
            return invalid(r, "invalid_role", r.role() == null ? "The role is missing; one of " + Role.NAMES + "."
                    : "The role must be one of " + Role.NAMES + ", not '" + r.role() + "'.");
        }
        Checked state = state(email.get());
        if (state.outcome() == Outcome.INVITE) {
            // The realm's own name rules (its User Profile), so that the dry run says what the run will meet.
            Optional<String> refused = ProfileWrite.newNameRefusal(session, realm, email.get(), name.get());
            if (refused.isPresent()) {
                return invalid(r, "invalid_name", refused.get());
            }
        }
        return new Checked(r.row(), email.get(), name.get(), role.get().name(), state.outcome(), state.reason(), state.message());
    }

    private static Checked invalid(BatchInput.Row r, String reason, String message) {
        return new Checked(r.row(), r.email(), r.name(), r.role(), Outcome.INVALID, reason, message);
    }

    /** Whether the address is a member, invited already (a live invitation), or to be invited. */
    private Checked state(String email) {
        UserModel user = session.users().getUserByEmail(realm, email);
        if (user == null) {
            user = session.users().getUserByUsername(realm, email);
        }
        if (user == null) {
            return new Checked(0, email, null, null, Outcome.INVITE, null, null);
        }
        UserStatus status = UserStatus.of(user);
        if (status != UserStatus.INVITED) {
            return new Checked(0, email, null, null, Outcome.ALREADY_MEMBER, "already_member",
                    "A person with this email is already a member (" + status + ").");
        }
        long now = Time.currentTimeMillis();
        boolean live = invitations.openByUser(realm.getId(), user.getId()).stream()
                .anyMatch(i -> i.effectiveStatus(now) == InvitationStatus.PENDING);
        return live ? new Checked(0, email, null, null, Outcome.ALREADY_INVITED, "already_invited",
                "This email has a pending invitation; resend it from the person's page if needed.")
                // An expired invitation is replaced by a new one, as a single invitation does.
                : new Checked(0, email, null, null, Outcome.INVITE, null, null);
    }

    /**
     * Stores the batch and its checked rows; the rows to invite stay PENDING for the worker, which the outbox
     * starts after this transaction commits.
     *
     * @param base   the server's front-end URL, for the links the worker mints later
     * @param source {@code csv}, {@code json} or {@code page}
     */
    public BatchEntity start(UserModel inviter, List<BatchInput.Row> input, URI base, String source) {
        List<Checked> checked = check(input);
        long now = Time.currentTimeMillis();
        BatchEntity batch = new BatchEntity();
        batch.setId(KeycloakModelUtils.generateId());
        batch.setRealmId(realm.getId());
        batch.setCreatedBy(inviter.getId());
        batch.setCreatedAt(now);
        batch.setTotal(checked.size());
        batch.setSource(source);
        batch.setBaseUri(base.toString());
        List<BatchRowEntity> rows = new ArrayList<>(checked.size());
        boolean work = false;
        for (Checked c : checked) {
            BatchRowEntity row = new BatchRowEntity();
            row.setId(KeycloakModelUtils.generateId());
            row.setBatchId(batch.getId());
            row.setRowNo(c.row());
            row.setEmail(BatchStore.clip(c.email()));
            row.setName(BatchStore.clip(c.name()));
            row.setRole(c.role() == null || c.role().length() <= 64 ? c.role() : c.role().substring(0, 64));
            if (c.outcome() == Outcome.INVITE) {
                row.setStatus(RowStatus.PENDING.name());
                work = true;
            } else {
                row.setStatus(c.outcome().name());
                row.setReason(c.reason());
                row.setMessage(BatchStore.clip(c.message()));
                row.setDoneAt(now);
            }
            rows.add(row);
        }
        batch.setStatus(work ? BatchEntity.Status.RUNNING.name() : BatchEntity.Status.DONE.name());
        batch.setFinishedAt(work ? null : now);
        store.add(batch, rows);
        if (work) {
            Outbox.enqueue(session, BatchChannel.NAME, batch.getId(), realm.getId(), "invitation-batch", null);
        }
        LOG.debugf("realm %s: invitation batch %s with %d rows by %s", realm.getName(), batch.getId(), rows.size(), inviter.getId());
        return batch;
    }

    public Optional<BatchEntity> find(String id) {
        return store.find(realm.getId(), id);
    }

    /** Newest first. */
    public List<BatchEntity> recent(int first, int max) {
        return store.list(realm.getId(), first, max);
    }

    /** In file order. */
    public List<BatchRowEntity> rows(BatchEntity batch) {
        return store.rows(batch.getId());
    }

    /** Per batch id, the number of rows in each {@link RowStatus}. */
    public Map<String, Map<String, Integer>> counts(Collection<String> batchIds) {
        return store.counts(batchIds);
    }

    // ---- the worker (BatchChannel), each call in a transaction of its own ----

    /** The next PENDING rows, in file order. */
    List<String> pendingRows(String batchId, int max) {
        return store.pending(batchId, max);
    }

    /**
     * Does the given rows in this transaction: re-checked (the state may have changed since the check), then
     * invited. A row already done by another worker (an expired lease) throws, rolling the chunk back.
     */
    void work(BatchEntity batch, List<String> rowIds) {
        UserModel inviter = session.users().getUserById(realm, batch.getCreatedBy());
        // The same permission as inviting one person, held by the inviter for as long as the batch runs.
        boolean allowed = inviter != null && UserStatus.of(inviter) == UserStatus.ACTIVE
                && UserRoles.roleOf(realm, inviter).has(Permission.USERS_INVITE);
        InvitationService service = new InvitationService(session, realm, URI.create(batch.getBaseUri()));
        long now = Time.currentTimeMillis();
        for (String id : rowIds) {
            BatchRowEntity row = store.row(id);
            if (row == null || !RowStatus.PENDING.name().equals(row.getStatus())) {
                continue;
            }
            boolean done;
            if (!allowed) {
                done = store.finish(id, RowStatus.FAILED.name(), "inviter_not_allowed",
                        "The person who started the batch is no longer an active member allowed to invite.", null, now);
            } else {
                Checked state = state(row.getEmail());
                if (state.outcome() != Outcome.INVITE) {
                    done = store.finish(id, state.outcome().name(), state.reason(), state.message(), null, now);
                } else {
                    InvitationService.Issued issued = service.invite(inviter, row.getEmail(), row.getName(),
                            Role.valueOf(row.getRole()));
                    done = store.finish(id, RowStatus.INVITED.name(), null, null, issued.invitation().getId(), now);
                }
            }
            if (!done) {
                throw new IllegalStateException("row " + id + " of batch " + batch.getId() + " was done by another worker");
            }
        }
    }

    /** A row that broke its transaction: FAILED with the refusal's code and sentence. */
    void fail(String rowId, RuntimeException e) {
        String reason = e instanceof OpsKnightException o ? o.code() : "error";
        String message = e instanceof OpsKnightException ? e.getMessage() : "The invitation failed; the server log has the cause.";
        store.finish(rowId, RowStatus.FAILED.name(), reason, message, null, Time.currentTimeMillis());
    }

    /** Every row left PENDING becomes FAILED (the worker gave up), and the batch DONE. */
    void failRest(String batchId, String message) {
        store.failPending(batchId, "stopped", message, Time.currentTimeMillis());
        store.finishBatch(batchId, Time.currentTimeMillis());
    }

    /** @return whether rows remain; when none, the batch is DONE */
    boolean finishIfDone(String batchId) {
        if (!store.pending(batchId, 1).isEmpty()) {
            return true;
        }
        store.finishBatch(batchId, Time.currentTimeMillis());
        return false;
    }

    void deleteOfRealm(String realmId) {
        store.deleteOfRealm(realmId);
    }
}
