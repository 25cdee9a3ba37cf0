package io.opsknight.identity.jpa;

import io.opsknight.identity.audit.AuditEventEntity;
import io.opsknight.identity.invitation.InvitationEntity;
import io.opsknight.identity.common.OpsKnightVersion;
import io.opsknight.identity.setup.SetupClaimEntity;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.List;
import java.util.Map;

/**
 * Registers our JPA entities and our Liquibase changelog with Keycloak's persistence unit, so our
 * tables live in Keycloak's database and our writes join Keycloak's transaction.
 */
public class OpsKnightJpaEntityProviderFactory implements JpaEntityProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "opsknight";

    /** Every entity of the extension: add new ones here. */
    static final List<Class<?>> ENTITIES = List.of(
            AuditEventEntity.class,
            InvitationEntity.class,
            SetupClaimEntity.class,
            io.opsknight.identity.profile.PhoneVerificationEntity.class
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
                return "META-INF/opsknight-changelog-master.xml";
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

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", OpsKnightVersion.get(), "changelog", "META-INF/opsknight-changelog-master.xml");
    }
}
