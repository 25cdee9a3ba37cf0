package io.opsknight.identity.outbox;

import io.opsknight.identity.common.OpsKnightProviderInfo;
import io.opsknight.identity.common.OpsKnightVersion;
import io.opsknight.identity.metrics.Backlog;
import org.keycloak.Config;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

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
    private final List<OutboxSender> senders = new java.util.concurrent.CopyOnWriteArrayList<>();
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
                        senders.stream().filter(s -> s.lane() == lane).forEach(OutboxSender::wake);
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
            senders.add(new OutboxSender(factory, lane, settings.poll(), channels::get, channels::values));
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                // Only once the database (our tables included) is migrated: the first poll then sends what a
                // stopped or crashed node left behind.
                senders.forEach(OutboxSender::start);
                backlogGauges = Backlog.start(factory, List.copyOf(channels.keySet()), s -> OutboxStore.of(s).backlog());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                OutboxStore.of(removed.getKeycloakSession()).deleteOfRealm(removed.getRealm().getId());
            }
        });
    }

    @Override
    public void close() {
        senders.forEach(OutboxSender::stop);
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
        return ProviderConfigurationBuilder.create()
                .property().name(OutboxSettings.POLL_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE).label("Poll interval")
                .defaultValue(OutboxSettings.DEFAULT_POLL_INTERVAL)
                .helpText("How often each node looks for due webhooks and emails, in milliseconds.").add()
                .property().name(OutboxSettings.EMAIL_MAX_ATTEMPTS).type(ProviderConfigProperty.INTEGER_TYPE).label("Email attempts")
                .defaultValue(OutboxSettings.DEFAULT_EMAIL_MAX_ATTEMPTS).helpText("Attempts before an email is marked DEAD and logged.").add()
                .property().name(OutboxSettings.EMAIL_BACKOFF_INITIAL).type(ProviderConfigProperty.INTEGER_TYPE).label("First email retry after")
                .defaultValue(OutboxSettings.DEFAULT_EMAIL_BACKOFF_INITIAL).helpText("Seconds before an email's first retry; doubles each time.").add()
                .property().name(OutboxSettings.EMAIL_BACKOFF_MAX).type(ProviderConfigProperty.INTEGER_TYPE).label("Longest email wait")
                .defaultValue(OutboxSettings.DEFAULT_EMAIL_BACKOFF_MAX).helpText("Cap of an email's retry wait, in seconds.").add()
                .property().name(OutboxSettings.EMAIL_RETENTION_DAYS).type(ProviderConfigProperty.INTEGER_TYPE).label("Email retention")
                .defaultValue(OutboxSettings.DEFAULT_EMAIL_RETENTION_DAYS).helpText("Days a finished email row (and its delivery state) is kept; 0 keeps forever.").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return OpsKnightVersion.info("channels", String.join(",", channels.keySet()),
                "emailMaxAttempts", String.valueOf(settings.emailMaxAttempts()));
    }
}
