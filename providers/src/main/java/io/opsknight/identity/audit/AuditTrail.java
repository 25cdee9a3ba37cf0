package io.opsknight.identity.audit;

import org.keycloak.events.EventQuery;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the trail: our events and the realm's Keycloak events (logins, login failures, logouts...),
 * merged newest first. Each source yields at most {@code first + max} rows through its own index, so
 * a page costs the same whatever the table size.
 */
public final class AuditTrail {

    private static final Comparator<AuditEvent> NEWEST_FIRST =
            Comparator.comparing((AuditEvent e) -> Instant.parse(e.time())).thenComparing(AuditEvent::id).reversed();

    private AuditTrail() {
    }

    public static List<AuditEvent> page(KeycloakSession session, RealmModel realm, AuditFilter filter) {
        List<AuditEvent> merged = new ArrayList<>();
        if (filter.readsOurs()) {
            for (AuditEventEntity e : AuditStore.of(session).newest(realm.getId(), filter, filter.window())) {
                merged.add(AuditEvents.of(e, realm.getName()));
            }
        }
        EventStoreProvider store = filter.readsKeycloak() ? session.getProvider(EventStoreProvider.class) : null;
        if (store != null) {
            EventQuery q = store.createQuery().realm(realm.getId()).orderByDescTime().firstResult(0).maxResults(filter.window());
            if (filter.keycloakType() != null) {
                q.type(filter.keycloakType());
            }
            if (filter.keycloakUser() != null) {
                q.user(filter.keycloakUser());
            }
            if (filter.from() != null) {
                q.fromDate(filter.from());
            }
            if (filter.to() != null) {
                q.toDate(filter.to() - 1); // Keycloak's bound is inclusive, ours exclusive
            }
            q.getResultStream().forEach(event -> merged.add(AuditEvents.of(session, realm, event)));
        }
        merged.sort(NEWEST_FIRST);
        int from = Math.min(filter.paging().first(), merged.size());
        int to = Math.min(from + filter.paging().max(), merged.size());
        return List.copyOf(merged.subList(from, to));
    }
}
