package io.opsknight.identity.users;

import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A non-admin gets the same 403 on every /users path, whether the id exists or not. */
@OpsKnightIT
class AuthorizeFirstIT {

    @Test
    void nonAdminsCannotTellWhichUserIdsExist() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("af-admin@example.test", "Admin", "ADMIN");
            String existing = realm.createUser("af-user@example.test", "User", "USER");
            realm.createUser("af-responder@example.test", "Responder", "RESPONDER");
            String missing = "00000000-0000-0000-0000-000000000000";
            for (String who : List.of("af-responder@example.test", "af-user@example.test")) {
                Api api = realm.apiAs(who);
                for (String id : List.of(existing, missing)) {
                    for (Http.Reply reply : List.of(
                            api.get("/users/" + id),
                            api.post("/users/" + id + "/deactivate", Map.of()),
                            api.post("/users/" + id + "/reactivate", Map.of()),
                            api.put("/users/" + id + "/role", Map.of("role", "ADMIN")),
                            api.put("/users/" + id + "/profile", Map.of("name", "X")),
                            api.post("/users/" + id + "/password-reset", Map.of()))) {
                        assertThat(reply.status()).as(who + " on " + id + ": " + reply).isEqualTo(403);
                        assertThat(reply.json().path("error").asText()).isEqualTo("forbidden");
                    }
                }
            }
            // The admin still tells them apart.
            Api admin = realm.apiAs("af-admin@example.test");
            assertThat(admin.get("/users/" + existing).status()).isEqualTo(200);
            assertThat(admin.get("/users/" + missing).status()).isEqualTo(404);
        }
    }
}
