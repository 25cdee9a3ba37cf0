package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.PageUrls;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Links of the People pages: the list with its state in the query, a person's page; and how times show. */
final class PeopleUrls {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private PeopleUrls() {
    }

    static URI person(KeycloakSession session, RealmModel realm, String userId) {
        return UriBuilder.fromUri(PageUrls.people(session, realm)).path(userId).build();
    }

    /** The list with these query parameters (empty values left out, so links stay short). */
    static String list(KeycloakSession session, RealmModel realm, Map<String, String> state) {
        UriBuilder uri = UriBuilder.fromUri(PageUrls.people(session, realm));
        state.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                uri.queryParam(name, "{" + name + "}");
            }
        });
        Map<String, Object> values = new java.util.HashMap<>();
        state.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                values.put(name, value);
            }
        });
        // Template values are encoded as query values (a search of "a&b" stays one parameter).
        return uri.buildFromMap(values).toString();
    }

    static String day(Long epochMillis) {
        return epochMillis == null ? "" : DAY.format(Instant.ofEpochMilli(epochMillis));
    }

    static String minute(Long epochMillis) {
        return epochMillis == null ? "" : MINUTE.format(Instant.ofEpochMilli(epochMillis));
    }
}
