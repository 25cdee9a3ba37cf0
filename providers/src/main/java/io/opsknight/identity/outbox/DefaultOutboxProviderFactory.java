package io.opsknight.identity.outbox;

import io.opsknight.identity.common.OpsKnightProviderInfo;
import io.opsknight.identity.common.OpsKnightVersion;
import io.opsknight.identity.common.OptionList;
import io.opsknight.identity.metrics.Backlog;
import org.keycloak.Config;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outbox: options read once, the node's sender started after boot and stopped with the server.
 * Options: {@code --spi-opsknight-outbox--default--<option>} (configuration page).
 */
public class DefaultOutboxProviderFactory implements OutboxProviderFactory, OpsKnightProviderInfo {

    public static final String PROVIDER_ID = "default";
    private static final String WAKE_ENLISTED = "opsknight.outbox.wake";

    private OutboxSettings settings;
    // One sender per lane: a long job (an invitation batch) never holds up the emails it writes.
    private final Map<OutboxChannel.Lane, OutboxSender> senders = new EnumMap<>(OutboxChannel.Lane.class);
    private AutoCloseable backlogGauges;
    // The channels this node's code provides (set at boot, the same on every node): not state to share.
    private final Map<String, OutboxChannel> channels = new ConcurrentHashMap<>();

    @Override
    public OutboxProvider create(KeycloakSession session) {
        return channel -> {
            OutboxChannel known = channels.get(channel);
            OutboxChannel.Lane lane = known == null ? OutboxChannel.Lane.DELIVERY : known.lane();
            // One hook per transaction and lane: only the lanes that got a message are woken.
            String key = WAKE_ENLISTED + "." + lane;
            if (session.getAttribute(key) == null) {
                session.setAttribute(key, Boolean.TRUE);
                session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                    @Override
                    protected void commitImpl() {
                        OutboxSender sender = senders.get(lane);
                        if (sender != null) {
                            sender.wake();
                        }
                    }

                    @Override
                    protected void rollbackImpl() {
                        // Nothing was written.
                    }
                });
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        // A bad option stops the boot with the sentence, rather than losing email later.
        settings = OutboxSettings.parse(config::get);
        register(new EmailChannel(settings));
    }

    @Override
    public void register(OutboxChannel channel) {
        channels.put(channel.name(), channel);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        for (OutboxChannel.Lane lane : OutboxChannel.Lane.values()) {
            senders.put(lane, new OutboxSender(factory, lane, settings.poll(), channels::get, channels::values));
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                // Only once the database (our tables included) is migrated: the first poll then sends what a
                // stopped or crashed node left behind.
                senders.values().forEach(OutboxSender::start);
                backlogGauges = Backlog.start(factory, List.copyOf(channels.keySet()), s -> OutboxStore.of(s).backlog());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                OutboxStore.of(removed.getKeycloakSession()).deleteOfRealm(removed.getRealm().getId());
            }
        });
    }

    @Override
    public void close() {
        senders.values().forEach(OutboxSender::stop);
        if (backlogGauges != null) {
            try {
                backlogGauges.close();
            } catch (Exception e) {
                // Stopping: nothing to do about a gauge that stays registered.
            }
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return OptionList.create()
                .number(OutboxSettings.POLL_INTERVAL, "Poll interval", OutboxSettings.DEFAULT_POLL_INTERVAL,
                        "How often each node looks for due webhooks and emails, in milliseconds.")
                .number(OutboxSettings.EMAIL_MAX_ATTEMPTS, "Email attempts", OutboxSettings.DEFAULT_EMAIL_MAX_ATTEMPTS,
                        "Attempts before an email is marked DEAD and logged.")
                .number(OutboxSettings.EMAIL_BACKOFF_INITIAL, "First email retry after", OutboxSettings.DEFAULT_EMAIL_BACKOFF_INITIAL,
                        "Seconds before an email's first retry; doubles each time.")
                .number(OutboxSettings.EMAIL_BACKOFF_MAX, "Longest email wait", OutboxSettings.DEFAULT_EMAIL_BACKOFF_MAX,
                        "Cap of an email's retry wait, in seconds.")
                .number(OutboxSettings.EMAIL_RETENTION_DAYS, "Email retention", OutboxSettings.DEFAULT_EMAIL_RETENTION_DAYS,
                        "Days a finished email row (and its delivery state) is kept; 0 keeps forever.")
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return OpsKnightVersion.info("channels", String.join(",", channels.keySet()),
                "emailMaxAttempts", String.valueOf(settings.emailMaxAttempts()));
    }
}
