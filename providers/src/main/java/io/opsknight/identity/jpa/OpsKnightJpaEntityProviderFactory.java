package io.opsknight.identity.jpa;

import io.opsknight.identity.apitoken.ApiTokenEntity;
import io.opsknight.identity.audit.AuditEventEntity;
import io.opsknight.identity.outbox.OutboxEntity;
import io.opsknight.identity.invitation.BatchEntity;
import io.opsknight.identity.invitation.BatchRowEntity;
import io.opsknight.identity.invitation.InvitationEntity;
import io.opsknight.identity.common.OpsKnightFactory;
import io.opsknight.identity.common.OpsKnightVersion;
import io.opsknight.identity.setup.SetupClaimEntity;
import io.opsknight.identity.setup.SetupKeyEntity;
import io.opsknight.identity.users.PeopleCounts;
import io.opsknight.identity.profile.ServerSecretEntity;
import io.opsknight.identity.throttle.ThrottleEntity;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import io.opsknight.identity.throttle.Throttles;

import java.util.List;
import java.util.Map;

/**
 * Registers our JPA entities and our Liquibase changelog with Keycloak's persistence unit, so our
 * tables live in Keycloak's database and our writes join Keycloak's transaction.
 */
public class OpsKnightJpaEntityProviderFactory implements JpaEntityProviderFactory, OpsKnightFactory<JpaEntityProvider> {

    public static final String PROVIDER_ID = "opsknight";
    static final String CHANGELOG = "META-INF/opsknight-changelog-master.xml";

    /** Every entity of the extension: add new ones here. */
    static final List<Class<?>> ENTITIES = List.of(
            ApiTokenEntity.class,
            AuditEventEntity.class,
            InvitationEntity.class,
            BatchEntity.class,
            BatchRowEntity.class,
            SetupClaimEntity.class,
            SetupKeyEntity.class,
            io.opsknight.identity.profile.PhoneVerificationEntity.class,
            ServerSecretEntity.class,
            ThrottleEntity.class,
            OutboxEntity.class
    );

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return ENTITIES;
            }

            @Override
            public String getChangelogLocation() {
                return CHANGELOG;
            }

            @Override
            public String getFactoryId() {
                return PROVIDER_ID;
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Rate-limit counters and the People list's counts belong to their realm (they have no owner package that
     * hears of its removal).
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                Throttles.deleteOfRealm(removed.getKeycloakSession(), removed.getRealm().getId());
                PeopleCounts.deleteOfRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            }
        });
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return OpsKnightVersion.info("changelog", CHANGELOG);
    }
}
