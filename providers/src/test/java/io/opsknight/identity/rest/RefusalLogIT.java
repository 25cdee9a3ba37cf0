package io.opsknight.identity.rest;

import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.ServerLog;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused request leaves one line in the server log: realm, caller, request, reason. */
@OpsKnightIT
class RefusalLogIT {

    @Test
    void aForbiddenCallIsLoggedOnceWithRealmCallerAndReason() {
        try (TestRealm realm = TestRealm.create()) {
            String id = realm.createUser("nosy@example.test", "Nosy User", "USER");
            Http.Reply reply = realm.apiAs("nosy@example.test").get("/users");
            assertThat(reply.status()).isEqualTo(403);

            assertThat(ServerLog.lines("WARN", "[io.opsknight.identity.refused]", "OpsKnight refused 403 forbidden realm=" + realm.name()
                    + " caller=user:" + id + " request=\"GET /realms/" + realm.name() + "/opsknight/users\" reason=\"Only an ADMIN may do this.\""))
                    .hasSize(1);
        }
    }
}
