package io.opsknight.identity.invitation;

import io.opsknight.identity.outbox.OutboxChannel;
import io.opsknight.identity.outbox.OutboxMessage;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.time.Duration;
import java.util.List;

/**
 * The worker of invitation batches, driven by the outbox: a batch is one outbox message (ref = the batch id),
 * claimed by one node at a time with the outbox's lease (a conditional update), so a second node or a
 * restarted one resumes it. Each turn does one chunk of {@value InvitationBatchService#CHUNK} rows in a
 * transaction of its own and asks for another turn ({@link Attempt#nextPart()}), so another node may take over
 * between chunks. It runs on the outbox's jobs lane, so the emails and webhooks it writes leave meanwhile, not
 * between its chunks. A row that breaks its chunk's transaction sends the chunk through again row by row, and
 * that row alone is recorded FAILED with its reason.
 */
final class BatchChannel implements OutboxChannel {

    static final String NAME = "invite_batch";
    private static final Logger LOG = Logger.getLogger(BatchChannel.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Lane lane() {
        return Lane.JOBS;
    }

    @Override
    public Retry retry() {
        // A chunk takes seconds; the lease covers a slow one many times over, and a crashed node's batch
        // resumes elsewhere after it.
        return new Retry(5, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(2));
    }

    @Override
    public int keepDoneDays() {
        return 7;
    }

    @Override
    public Attempt send(KeycloakSession outer, OutboxMessage message) {
        KeycloakSessionFactory factory = outer.getKeycloakSessionFactory();
        String batchId = message.ref();
        BatchEntity batch = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel realm = s.realms().getRealm(message.realmId());
            return realm == null ? null : new InvitationBatchService(s, realm).find(batchId).orElse(null);
        });
        if (batch == null || BatchEntity.Status.DONE.name().equals(batch.getStatus())) {
            return Attempt.sent(); // its realm was removed, or another turn finished it
        }
        List<String> chunk = inRealm(factory, message, s -> s.pendingRows(batchId, InvitationBatchService.CHUNK));
        try {
            inRealm(factory, message, s -> {
                s.work(batch, chunk);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debugf("invitation batch %s: a chunk failed (%s); row by row", batchId, e.toString());
            for (String rowId : chunk) {
                try {
                    inRealm(factory, message, s -> {
                        s.work(batch, List.of(rowId));
                        return null;
                    });
                } catch (RuntimeException rowFailure) {
                    if (!(rowFailure instanceof io.opsknight.identity.common.OpsKnightException)) {
                        LOG.warnf("OpsKnight invitation batch %s: row %s failed: %s", batchId, rowId, rowFailure.toString());
                    }
                    inRealm(factory, message, s -> {
                        s.fail(rowId, rowFailure);
                        return null;
                    });
                }
            }
        }
        boolean more = inRealm(factory, message, s -> s.finishIfDone(batchId));
        return more ? Attempt.nextPart() : Attempt.sent();
    }

    private static <T> T inRealm(KeycloakSessionFactory factory, OutboxMessage message,
                                 java.util.function.Function<InvitationBatchService, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel realm = s.realms().getRealm(message.realmId());
            s.getContext().setRealm(realm);
            return work.apply(new InvitationBatchService(s, realm));
        });
    }

    @Override
    public String describe(OutboxMessage message) {
        return "invitation batch " + message.ref();
    }
}
