package io.opsknight.identity.pages.people;

import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.BrowserTest;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.PageClient;
import io.opsknight.identity.testsupport.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The People list's bulk bar and export: tick rows, choose an action, a confirmation that names how many people,
 * then a result that lists the refused rows and why (Chromium, English and German); without JavaScript the same
 * forms work, a post without the CSRF token changes nothing, and "Export CSV" downloads the filtered list.
 */
@OpsKnightIT
class PeopleBulkPageIT {

    private static final String ADMIN = "bk-admin@example.test";

    private static void signIn(Browser browser, TestRealm realm, String email) {
        PeoplePageIT.signIn(browser, realm, "/people", email);
    }

    private static void submit(Browser browser, By button, String awaited) {
        PeoplePageIT.submit(browser, button, awaited);
    }

    private static void tick(Browser browser, String email) {
        browser.driver().findElement(By.cssSelector("tr[data-email='" + email + "'] input.person-select")).click();
    }

    private static String text(Browser browser, String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    private static void consoleManaged(TestRealm realm, String userId) {
        ClientRepresentation rm = realm.resource().clients().findByClientId("realm-management").get(0);
        RoleRepresentation viewUsers = realm.resource().clients().get(rm.getId()).roles().get("view-users").toRepresentation();
        realm.resource().users().get(userId).roles().clientLevel(rm.getId()).add(List.of(viewUsers));
    }

    @BrowserTest
    void selectTwoDeactivateConfirmAndSeeTheRefusalThenInGerman() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            String rob = realm.createUser("bk-rob@example.test", "Rob Responder", "RESPONDER");
            String off = realm.createUser("bk-off@example.test", "Olaf Off", "USER");
            String rae = realm.createUser("bk-rae@example.test", "Rae Responder", "RESPONDER");
            String console = realm.createUser("bk-console@example.test", "Cora Console", "USER");
            consoleManaged(realm, console);
            assertThat(realm.apiAs(ADMIN).post("/users/" + off + "/deactivate", null).status()).isEqualTo(200);
            signIn(browser, realm, ADMIN);

            // A person managed in the Keycloak console has no checkbox, as they have no single action.
            assertThat(browser.driver().findElements(By.cssSelector("tr[data-email='bk-console@example.test'] input.person-select"))).isEmpty();
            assertThat(browser.driver().findElements(By.cssSelector("tr[data-email='bk-rob@example.test'] input.person-select"))).hasSize(1);

            // Two ticked, Deactivate: the confirmation names 2 and whom; nothing changed yet.
            tick(browser, "bk-rob@example.test");
            tick(browser, "bk-off@example.test");
            new Select(browser.waitFor(By.id("bulk-action"))).selectByValue("deactivate");
            submit(browser, By.id("bulk-apply"), "bulk-confirm");
            assertThat(text(browser, "bulk-confirm-title")).startsWith("Deactivate 2 people?");
            assertThat(text(browser, "bulk-confirm-names")).contains("Rob Responder").contains("Olaf Off");
            assertThat(realm.resource().users().get(rob).toRepresentation().isEnabled()).isTrue();

            // Confirmed: Rob is deactivated; Olaf, already DISABLED, is a refused row with the reason.
            submit(browser, By.id("bulk-confirm-yes"), "bulk-result");
            assertThat(text(browser, "bulk-result-title")).isEqualTo("Done for 1, refused for 1.");
            List<WebElement> refused = browser.driver().findElements(By.cssSelector("tr.bulk-refused-row"));
            assertThat(refused).hasSize(1);
            assertThat(refused.get(0).getAttribute("data-user-id")).isEqualTo(off);
            assertThat(refused.get(0).getText()).contains("Olaf Off").contains("bk-off@example.test")
                    .contains("Not possible in this person's status.");
            assertThat(realm.resource().users().get(rob).toRepresentation().isEnabled()).isFalse();
            assertThat(realm.auditCount(rob, "user.deactivated")).isEqualTo(1);
            assertThat(browser.driver().findElement(By.cssSelector("tr[data-email='bk-rob@example.test'] .person-status")).getText())
                    .isEqualTo("Disabled");

            // Nothing ticked: the bar says so and nothing runs.
            new Select(browser.waitFor(By.id("bulk-action"))).selectByValue("reactivate");
            submit(browser, By.id("bulk-apply"), "bulk-error");
            assertThat(text(browser, "bulk-error")).isEqualTo("Tick at least one person in the table first.");

            // German: change the role of two, oneself among them: refused, in German.
            browser.open(realm.apiUrl() + "/people?kc_locale=de");
            browser.waitFor(By.id("opsknight-people"));
            tick(browser, ADMIN);
            tick(browser, "bk-rae@example.test");
            new Select(browser.waitFor(By.id("bulk-action"))).selectByValue("change-role");
            new Select(browser.waitFor(By.id("bulk-role"))).selectByValue("USER");
            assertThat(text(browser, "bulk-apply")).isEqualTo("Auf Auswahl anwenden");
            submit(browser, By.id("bulk-apply"), "bulk-confirm");
            assertThat(text(browser, "bulk-confirm-title")).startsWith("Die Rolle von 2 Personen ändern?");
            assertThat(text(browser, "bulk-confirm-role")).isEqualTo("Neue Rolle: USER");
            submit(browser, By.id("bulk-confirm-yes"), "bulk-result");
            assertThat(text(browser, "bulk-result-title")).isEqualTo("Erledigt für 1, abgelehnt für 1.");
            assertThat(text(browser, "bulk-refused")).contains("Ihr eigenes Konto: das muss ein anderer ADMIN tun.");
            assertThat(realm.apiAs(ADMIN).get("/users/" + rae).json().path("role").asText()).isEqualTo("USER");
            assertThat(text(browser, "people-export")).isEqualTo("CSV exportieren");
        }
    }

    private static PageClient.Page follow(PageClient client, PageClient.Page page, String from) {
        String current = from;
        for (int hops = 0; page.location() != null && page.status() / 100 == 3; hops++) {
            assertThat(hops).as("redirects from %s", from).isLessThan(10);
            current = URI.create(current).resolve(page.location()).toString();
            page = client.open(current);
        }
        return page;
    }

    private static PageClient signedIn(TestRealm realm, String email) {
        PageClient client = new PageClient();
        String people = realm.apiUrl() + "/people";
        PageClient.Page login = follow(client, client.open(people), people);
        PageClient.Page page = follow(client, client.submit(login, "kc-form-login",
                Map.of("username", email, "password", TestRealm.PASSWORD)), people);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return client;
    }

    @Test
    void withoutJavaScriptTheFormsWorkAForgedPostChangesNothingAndTheExportIsTheFilteredList() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            String rob = realm.createUser("bk-rob@example.test", "Rob Responder", "RESPONDER");
            String rae = realm.createUser("bk-rae@example.test", "Rae Responder", "RESPONDER");
            String uma = realm.createUser("bk-uma@example.test", "Uma User", "USER");
            realm.createUser("bk-responder@example.test", "Rex Responder", "RESPONDER");
            PageClient client = signedIn(realm, ADMIN);
            String people = realm.apiUrl() + "/people";
            PageClient.Page list = client.open(people + "?role=RESPONDER&sort=email");
            assertThat(list.body()).contains("href=\"" + people + "/export?role=RESPONDER&amp;sort=email\"");

            // A post without the page's CSRF token changes nothing.
            PageClient.Page forged = client.post(people + "/bulk/run", Map.of("action", "deactivate", "ids", rob + "," + rae));
            assertThat(forged.status()).isEqualTo(403);
            assertThat(realm.resource().users().get(rob).toRepresentation().isEnabled()).isTrue();
            assertThat(realm.auditCount(rob, "user.deactivated")).isZero();

            // The same two steps as plain forms: confirm, then run.
            PageClient.Page asked = client.submit(list, "people-bulk", Map.of("action", "deactivate", "ids", rob + "," + uma));
            assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
            assertThat(asked.body()).contains("Deactivate 2 people?");
            assertThat(realm.resource().users().get(rob).toRepresentation().isEnabled()).isTrue();
            PageClient.Page done = client.post(people + "/bulk/run", Map.of("csrf", asked.hidden().get("csrf"),
                    "action", "deactivate", "role", "", "ids", rob + "," + uma));
            assertThat(done.status()).as(done.toString()).isEqualTo(200);
            assertThat(done.body()).contains("Done for 2, refused for 0.");
            assertThat(realm.resource().users().get(uma).toRepresentation().isEnabled()).isFalse();

            // Export CSV: the list's filter and order, every page of it.
            PageClient.Page csv = client.open(people + "/export?role=RESPONDER&sort=email");
            assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
            List<String> lines = Arrays.asList(csv.body().split("\r\n"));
            assertThat(lines.get(0)).isEqualTo("\uFEFFemail,name,role,id,status,created,joined,last_sign_in");
            assertThat(lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(','))).toList())
                    .containsExactly("bk-rae@example.test", "bk-responder@example.test", "bk-rob@example.test");

            // A RESPONDER gets the People page's 403, not the file.
            PageClient responder = signedInOrRefused(realm, "bk-responder@example.test");
            PageClient.Page refused = responder.open(people + "/export");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("bk-rob@example.test");
        }
    }

    /** Signs in; the People page itself answers 403 to a non-ADMIN, so the last page is not checked. */
    private static PageClient signedInOrRefused(TestRealm realm, String email) {
        PageClient client = new PageClient();
        String people = realm.apiUrl() + "/people";
        PageClient.Page login = follow(client, client.open(people), people);
        follow(client, client.submit(login, "kc-form-login", Map.of("username", email, "password", TestRealm.PASSWORD)), people);
        return client;
    }
}
