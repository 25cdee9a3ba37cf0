package io.opsknight.identity.sessions;

import static io.opsknight.identity.common.Times.isoSeconds;
import org.keycloak.device.DeviceActivityManager;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.account.DeviceRepresentation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One session in {@code GET /me/sessions} and {@code GET /users/{id}/sessions}:
 * {@code {id, ipAddress, started, lastAccess, browser, os, clients, current, offline}}.
 */
public record SessionView(String id, String ipAddress, String started, String lastAccess, String browser, String os,
                          List<Client> clients, boolean current, boolean offline) {

    /** A client (application) the session has signed in to. */
    public record Client(String clientId, String name) {
    }

    /** Newest activity first; ties by start, then id, so that paging is stable. */
    public static final Comparator<UserSessionModel> NEWEST_ACTIVITY_FIRST =
            Comparator.comparingInt(UserSessionModel::getLastSessionRefresh)
                    .thenComparingInt(UserSessionModel::getStarted)
                    .reversed()
                    .thenComparing(UserSessionModel::getId)
                    .thenComparing(UserSessionModel::isOffline);

    /** The converter: Keycloak's session (and the device note it keeps on it) to our JSON shape. */
    public static SessionView of(RealmModel realm, UserSessionModel userSession, CurrentSession current) {
        DeviceRepresentation device = device(userSession);
        return new SessionView(
                userSession.getId(),
                userSession.getIpAddress(),
                isoSeconds(userSession.getStarted()),
                isoSeconds(userSession.getLastSessionRefresh()),
                device == null ? DeviceLabels.UNKNOWN : DeviceLabels.browser(device.getBrowser()),
                device == null ? DeviceLabels.UNKNOWN : DeviceLabels.os(device.getOs(), device.getOsVersion()),
                clients(realm, userSession),
                current != null && current.is(userSession),
                userSession.isOffline());
    }

    /** The session's clients in a stable order; realm.getClientById is served by the realm cache. */
    static List<Client> clients(RealmModel realm, UserSessionModel userSession) {
        List<Client> clients = new ArrayList<>();
        for (String clientUuid : userSession.getAuthenticatedClientSessions().keySet()) {
            ClientModel client = realm.getClientById(clientUuid);
            if (client != null) {
                clients.add(new Client(client.getClientId(), client.getName()));
            }
        }
        clients.sort(Comparator.comparing(Client::clientId));
        return clients;
    }

    /**
     * The device Keycloak noted at login from the User-Agent header ({@code KC_DEVICE_NOTE}, the
     * account console's device list reads the same). Null when the login had no user agent.
     */
    private static DeviceRepresentation device(UserSessionModel userSession) {
        try {
            return DeviceActivityManager.getCurrentDevice(userSession);
        } catch (RuntimeException e) {
            return null; // an unreadable note is shown as "unknown", never a failed list
        }
    }

}
