package io.opsknight.identity.audit;

import io.opsknight.identity.common.OpsKnightSpi;

/** Our SPI {@value #NAME}: the audit trail and its webhooks ({@code --spi-opsknight-audit--default--webhook-urls=...}). */
public class AuditSpi extends OpsKnightSpi {

    public static final String NAME = "opsknight-audit";

    public AuditSpi() {
        super(NAME, AuditRecorder.class, AuditRecorderFactory.class);
    }
}
