package io.opsknight.identity.audit;

import org.keycloak.provider.ProviderFactory;

/** Factories of {@link AuditRecorder}; the one shipped is {@link DefaultAuditRecorderFactory}. */
public interface AuditRecorderFactory extends ProviderFactory<AuditRecorder> {
}
