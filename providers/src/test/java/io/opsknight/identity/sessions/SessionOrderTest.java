package io.opsknight.identity.sessions;

import org.junit.jupiter.api.Test;
import org.keycloak.models.UserSessionModel;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The list is newest activity first, stable for paging, and marks only the caller's own session. */
class SessionOrderTest {

    private static UserSessionModel session(String id, int started, int lastAccess, boolean offline) {
        return (UserSessionModel) Proxy.newProxyInstance(UserSessionModel.class.getClassLoader(),
                new Class<?>[]{UserSessionModel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getStarted" -> started;
                    case "getLastSessionRefresh" -> lastAccess;
                    case "isOffline" -> offline;
                    case "toString" -> id + (offline ? "/offline" : "");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void newestActivityFirstThenNewestStartThenId() {
        UserSessionModel old = session("a", 100, 200, false);
        UserSessionModel busy = session("b", 50, 900, false);
        UserSessionModel sameActivityLaterStart = session("c", 300, 900, false);
        UserSessionModel twinOnline = session("d", 10, 500, false);
        UserSessionModel twinOffline = session("d", 10, 500, true);
        List<String> order = Stream.of(old, twinOffline, busy, twinOnline, sameActivityLaterStart)
                .sorted(SessionView.NEWEST_ACTIVITY_FIRST)
                .map(Object::toString).toList();
        assertThat(order).containsExactly("c", "b", "d", "d/offline", "a");
    }

    @Test
    void currentIsTheTokensSidOfTheSameKind() {
        CurrentSession current = new CurrentSession("d", false);
        assertThat(current.is(session("d", 1, 1, false))).isTrue();
        assertThat(current.is(session("d", 1, 1, true))).as("the offline twin is another session").isFalse();
        assertThat(current.is(session("e", 1, 1, false))).isFalse();
        assertThat(new CurrentSession(null, false).is(session("d", 1, 1, false))).isFalse();
    }
}
