package io.opsknight.identity.audit;

import io.opsknight.identity.common.OpsKnightFactory;
import io.opsknight.identity.common.OpsKnightVersion;
import io.opsknight.identity.common.OptionList;
import io.opsknight.identity.outbox.EmailMessage;
import io.opsknight.identity.outbox.Outbox;
import io.opsknight.identity.outbox.OutboxDead;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.common.util.Time;
import org.keycloak.timer.TimerProvider;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail and its webhooks: options read once, the webhook channel registered with the outbox
 * and the retention purge scheduled after boot. Options:
 * {@code --spi-opsknight-audit--default--<option>} (docs/configuration.md).
 */
public class DefaultAuditRecorderFactory implements AuditRecorderFactory, OpsKnightFactory<AuditRecorder> {

    public static final String PROVIDER_ID = "default";
    private static final Logger LOG = Logger.getLogger(DefaultAuditRecorderFactory.class);

    private static final long PURGE_INTERVAL_MILLIS = 3_600_000;

    private AuditSettings settings;

    @Override
    public AuditRecorder create(KeycloakSession session) {
        return new DefaultAuditRecorder(session, settings);
    }

    @Override
    public void init(Config.Scope config) {
        // A bad option stops the boot with the sentence, rather than losing or leaking events later.
        settings = AuditSettings.parse(config::get);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        Outbox.register(factory, new WebhookChannel(settings));
        if (settings.webhooksEnabled()) {
            LOG.infof("OpsKnight webhooks: delivering to %d receiver(s), signed, up to %d attempts", settings.webhookUrls().size(),
                    settings.maxAttempts());
            settings.webhookUrls().stream().filter(u -> "http".equals(u.getScheme()) && !loopback(u.getHost()))
                    .forEach(u -> LOG.warnf("OpsKnight webhooks: %s://%s is plain HTTP: events about people cross the network unencrypted",
                            u.getScheme(), u.getHost()));
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent && settings.retentionDays() > 0) {
                // Every node runs it; the delete is idempotent, so no coordination is needed.
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                        .scheduleTask(this::purge, PURGE_INTERVAL_MILLIS, "opsknight-audit-retention"));
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                AuditStore.of(removed.getKeycloakSession()).deleteOfRealm(removed.getRealm().getId());
            } else if (event instanceof OutboxDead dead) {
                emailFailed(dead);
            }
        });
    }

    private void purge(KeycloakSession session) {
        int removed = AuditStore.of(session).deleteBefore(Time.currentTimeMillis() - TimeUnit.DAYS.toMillis(settings.retentionDays()));
        if (removed > 0) {
            LOG.infof("OpsKnight retention: removed %d audit events", removed);
        }
    }

    /** A DEAD email that asked for an event (an invitation's): recorded in the transaction that marks it DEAD. */
    private static void emailFailed(OutboxDead dead) {
        EmailMessage email = dead.email();
        Optional<AuditEventType> type = email == null ? Optional.empty() : AuditEventType.of(email.failedEvent());
        RealmModel realm = dead.session().realms().getRealm(dead.message().realmId());
        if (type.isEmpty() || realm == null) {
            return;
        }
        // The sender's session has no request: the audit row's look-ups need the realm in its context.
        dead.session().getContext().setRealm(realm);
        Map<String, Object> details = new LinkedHashMap<>(email.failedDetails() == null ? Map.of() : email.failedDetails());
        details.put("attempts", dead.attempts());
        details.put("lastError", dead.lastError());
        Audit.record(dead.session(), realm, type.get(), null, email.userId(), details);
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return OptionList.create()
                .text(AuditSettings.WEBHOOK_URLS, "Webhook URLs",
                        "Comma-separated receiver URLs; each event is POSTed to every one. Unset: no webhooks.")
                .secret(AuditSettings.WEBHOOK_SECRET, "Webhook secret",
                        "HMAC-SHA256 key of X-OpsKnight-Signature and -Signature-V2; required with URLs, at least 16 characters.")
                .number(AuditSettings.TIMEOUT_MILLIS, "Timeout", AuditSettings.DEFAULT_TIMEOUT_MILLIS,
                        "Connect and read timeout of a delivery, in milliseconds.")
                .number(AuditSettings.MAX_ATTEMPTS, "Attempts", AuditSettings.DEFAULT_MAX_ATTEMPTS,
                        "Attempts before a delivery is marked DEAD and logged.")
                .number(AuditSettings.BACKOFF_INITIAL, "First retry after", AuditSettings.DEFAULT_BACKOFF_INITIAL,
                        "Seconds before the first retry; doubles each time.")
                .number(AuditSettings.BACKOFF_MAX, "Longest wait", AuditSettings.DEFAULT_BACKOFF_MAX,
                        "Cap of the retry wait, in seconds.")
                .number(AuditSettings.RETENTION_DAYS, "Audit retention", AuditSettings.DEFAULT_RETENTION_DAYS,
                        "Days an audit event (and a DEAD delivery) is kept; 0 keeps forever.")
                .number(AuditSettings.WEBHOOK_RETENTION_DAYS, "Delivered retention", AuditSettings.DEFAULT_WEBHOOK_RETENTION_DAYS,
                        "Days a delivered webhook row is kept; 0 keeps forever.")
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return OpsKnightVersion.info("webhookReceivers", String.valueOf(settings.webhookUrls().size()),
                "retentionDays", String.valueOf(settings.retentionDays()));
    }
}
