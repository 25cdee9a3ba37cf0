package io.opsknight.identity.cluster;

import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.opsknight.identity.cluster.ClusterNodes.a;
import static io.opsknight.identity.cluster.ClusterNodes.api;
import static io.opsknight.identity.cluster.ClusterNodes.b;
import static io.opsknight.identity.cluster.ClusterNodes.login;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes share one email queue: invitations made on both while the mail server is down leave a backlog
 * that both nodes' senders poll once it is back, and each invitation's email arrives exactly once.
 * <p>
 * Mechanism: the outbox row's conditional claim (one node per row); without it both nodes send the backlog.
 */
@OpsKnightIT
class EmailOutboxClusterIT {

    private static final String ADMIN = "mail-cluster-admin@example.test";
    private static final int INVITATIONS = 24;

    @Test
    void bothNodesSendTheBacklogAndNoEmailArrivesTwice() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(mail)) {
            realm.createUser(ADMIN, "Mail Admin", "ADMIN");
            Api onA = realm.apiAs(ADMIN);
            Api onB = api(b(), realm, login(b(), realm, ADMIN).accessToken());
            mail.pause();
            Map<String, String> ids = new HashMap<>();
            for (int i = 0; i < INVITATIONS; i++) {
                Api node = i % 2 == 0 ? onA : onB;
                String email = "mail-cluster-" + i + "@example.test";
                var reply = node.post("/invitations", Map.of("email", email, "name", "Mail " + i, "role", "USER"));
                assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
                ids.put(reply.json().path("id").asText(), email);
            }
            Thread.sleep(1500); // a failed round on both nodes
            mail.resume();
            mail.await(INVITATIONS, 60);
            Thread.sleep(2000); // a duplicate would come with the next polls (500 ms)
            MimeMessage[] received = mail.received();
            Map<String, Long> perRecipient = java.util.Arrays.stream(received)
                    .map(m -> io.opsknight.identity.testsupport.Mail.decode(m).to())
                    .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
            assertThat(perRecipient).as("one email per invitation").hasSize(INVITATIONS).allSatisfy((to, n) -> assertThat(n).isEqualTo(1));
            System.out.printf("EmailOutboxClusterIT: node A sent %d, node B sent %d%n", sentBy(a(), ids.keySet()), sentBy(b(), ids.keySet()));
            assertThat(sentBy(a(), ids.keySet()) + sentBy(b(), ids.keySet())).isEqualTo(INVITATIONS);
        }
    }

    private static long sentBy(KeycloakServer node, Set<String> invitationIds) throws Exception {
        return Files.readAllLines(node.log()).stream().filter(l -> l.contains("outbox email SENT ref="))
                .map(l -> l.replaceAll(".*outbox email SENT ref=(\\S+).*", "$1")).filter(invitationIds::contains).count();
    }
}
