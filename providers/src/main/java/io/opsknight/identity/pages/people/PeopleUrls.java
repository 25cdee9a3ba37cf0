package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.PageUrls;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.StringJoiner;

/** Links of the People pages: the list with its state in the query, a person's page; and how times show. */
final class PeopleUrls {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private PeopleUrls() {
    }

    /** The list with these query parameters (empty values left out, so links stay short). */
    static String list(KeycloakSession session, RealmModel realm, Map<String, String> state) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        state.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return PageUrls.people(session, realm) + query.toString();
    }

    /** The list's CSV export for these query parameters (the list's own). */
    static String export(KeycloakSession session, RealmModel realm, Map<String, String> state) {
        String list = list(session, realm, state);
        String base = PageUrls.people(session, realm).toString();
        return base + "/export" + list.substring(base.length());
    }

    static URI person(KeycloakSession session, RealmModel realm, String userId) {
        return URI.create(PageUrls.people(session, realm) + "/" + URLEncoder.encode(userId, StandardCharsets.UTF_8));
    }

    static String day(Long epochMillis) {
        return epochMillis == null ? "" : DAY.format(Instant.ofEpochMilli(epochMillis));
    }

    static String minute(Long epochMillis) {
        return epochMillis == null ? "" : MINUTE.format(Instant.ofEpochMilli(epochMillis));
    }
}
