package io.opsknight.identity.scim;

import io.opsknight.identity.common.OpsKnightSpi;

/**
 * Our SPI {@value #NAME}: the options of provisioning through Keycloak's SCIM API
 * ({@code --spi-opsknight-scim--default--invite-realms}, {@code ...--admin-groups}, {@code ...--responder-groups}).
 */
public class ScimSpi extends OpsKnightSpi {

    public static final String NAME = "opsknight-scim";

    public ScimSpi() {
        super(NAME, ScimProvisioning.class, ScimProvisioningFactory.class);
    }
}
