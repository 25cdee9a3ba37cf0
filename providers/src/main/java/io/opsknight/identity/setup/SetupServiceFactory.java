package io.opsknight.identity.setup;

import io.opsknight.identity.common.OpsKnightFactory;
import io.opsknight.identity.common.OpsKnightVersion;
import io.opsknight.identity.common.OptionList;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;
import java.util.Map;

/**
 * Holds the setup options, says at start whether /setup is open, and drops a realm's setup claim
 * when the realm is deleted.
 */
public class SetupServiceFactory implements OpsKnightFactory<SetupService> {

    public static final String PROVIDER_ID = "default";
    public static final String SETUP_KEY = "setup-key";
    /** The CLI flag and env var of {@link #SETUP_KEY}, for log lines and docs/configuration.md. */
    public static final String SETUP_KEY_FLAG = "--spi-" + SetupSpi.NAME + "--" + PROVIDER_ID + "--" + SETUP_KEY;
    public static final String SETUP_KEY_ENV = "KC_SPI_OPSKNIGHT_SETUP__DEFAULT__SETUP_KEY";

    private static final Logger LOG = Logger.getLogger(SetupServiceFactory.class);
    private static final int MAX_REALMS_LOGGED = 20;

    private SetupKey key = SetupKey.of(null);

    @Override
    public SetupService create(KeycloakSession session) {
        return new SetupService(session, key);
    }

    @Override
    public void init(Config.Scope config) {
        key = SetupKey.of(config.get(SETUP_KEY));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (key.required()) {
            LOG.infof("OpsKnight setup: the first-admin page /realms/{realm}/opsknight/setup asks for the setup key (%s).", SETUP_KEY_FLAG);
            if (key.weak()) {
                LOG.warnf("OpsKnight setup: the setup key is shorter than %d characters; use a long random value.", SetupKey.RECOMMENDED_MIN_LENGTH);
            }
        } else {
            LOG.infof("OpsKnight setup: no setup key configured (%s or %s); the first-admin page /realms/{realm}/opsknight/setup "
                    + "asks for a key the server makes per realm and logs at WARN when the page is first opened.", SETUP_KEY_FLAG, SETUP_KEY_ENV);
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                logOpenRealms(factory);
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                // The claim and key belong to the realm: a realm created again under the same id starts fresh.
                SetupClaimStore.of(removed.getKeycloakSession()).deleteForRealm(removed.getRealm().getId());
                SetupKeys.forget(removed.getKeycloakSession(), removed.getRealm());
            }
        });
    }

    /** After boot (realm import included): name the realms whose setup page is open right now. */
    private void logOpenRealms(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                SetupService setup = session.getProvider(SetupService.class);
                List<String> open = session.realms().getRealmsStream()
                        .filter(realm -> setup.state(realm) == SetupService.State.OPEN)
                        .map(RealmModel::getName)
                        .limit(MAX_REALMS_LOGGED + 1L)
                        .toList();
                for (String realm : open.subList(0, Math.min(open.size(), MAX_REALMS_LOGGED))) {
                    LOG.infof("OpsKnight setup is waiting for the first admin of realm '%s' at /realms/%s/opsknight/setup (%s).", realm, realm,
                            key.required() ? "configured setup key required" : "its setup key is logged when the page is first opened");
                }
                if (open.size() > MAX_REALMS_LOGGED) {
                    LOG.infof("OpsKnight setup: more realms without users; not all are listed.");
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf(e, "OpsKnight setup: could not list the realms awaiting setup");
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return OptionList.create()
                .secret(SETUP_KEY, "Setup key", "When set, the first-admin page /realms/{realm}/opsknight/setup asks for this key before it creates the"
                        + " realm's first ADMIN. Unset: setup is open to the first visitor of a realm without users.")
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        // Never the key itself: only whether one is set.
        return OpsKnightVersion.info("setupKeyRequired", String.valueOf(key.required()));
    }
}
