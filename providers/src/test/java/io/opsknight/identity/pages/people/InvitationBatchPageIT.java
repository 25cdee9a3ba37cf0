package io.opsknight.identity.pages.people;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.BrowserTest;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Invite many" in Chromium: paste, Check (the preview per row), a confirm without the CSRF token changes nothing,
 * "Invite 1 person", the result page that refreshes itself until DONE and can be opened again later; then in
 * German, the same rows as an uploaded file: nobody needs an invitation any more.
 */
@OpsKnightIT
class InvitationBatchPageIT {

    private static final String ADMIN = "ada@example.test";
    private static final String CSV = "email,name,role\nnora@example.test,Nora New,RESPONDER\nmia@example.test,Mia Member,USER\nnot-an-email,Bad Row,USER\n";

    private static void submit(Browser browser, By button, String awaited) {
        browser.submit(button, By.id(awaited), Duration.ofSeconds(60));
    }

    private static List<String> outcomes(Browser browser, String rowClass) {
        return browser.driver().findElements(By.cssSelector("tr." + rowClass)).stream().map(r -> r.getAttribute("data-outcome")).toList();
    }

    @BrowserTest
    void pasteCheckConfirmAndFollowTheResultThenTheSameFileInGerman() throws IOException {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            realm.createUser("mia@example.test", "Mia Member", "USER");
            browser.open(realm.apiUrl() + "/people");
            browser.waitFor(By.id("username"));
            browser.type(By.id("username"), ADMIN).type(By.id("password"), TestRealm.PASSWORD).click(By.id("kc-login"));
            browser.waitFor(By.id("opsknight-people"));
            submit(browser, By.id("people-import"), "opsknight-people-import");
            assertThat(browser.url()).isEqualTo(realm.apiUrl() + "/people/import");

            browser.type(By.id("import-csv"), CSV);
            submit(browser, By.id("import-check"), "import-preview");
            assertThat(outcomes(browser, "import-row")).containsExactly("invite", "already_member", "invalid");
            assertThat(browser.driver().findElement(By.id("import-summary")).getText())
                    .isEqualTo("3 rows: 1 to invite, 1 already members, 0 already invited, 1 invalid.");
            assertThat(browser.driver().findElements(By.cssSelector("tr.import-row")).get(2).getText())
                    .contains("'not-an-email' is not a valid email address.");
            assertThat(browser.driver().findElement(By.id("import-confirm")).getText()).isEqualTo("Invite 1 person");
            // Nothing written by the check.
            assertThat(realm.apiAs(ADMIN).get("/invitations").json()).isEmpty();

            // A confirm without the page's CSRF token: refused, nothing started.
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "document.querySelector('#import-confirm-form input[name=csrf]').remove();");
            submit(browser, By.id("import-confirm"), "page-message");
            assertThat(realm.apiAs(ADMIN).get("/invitations/batch").json()).isEmpty();

            browser.open(realm.apiUrl() + "/people/import");
            browser.type(By.id("import-csv"), CSV);
            submit(browser, By.id("import-check"), "import-preview");
            submit(browser, By.id("import-confirm"), "opsknight-people-batch");
            assertThat(browser.url()).startsWith(realm.apiUrl() + "/people/import/");
            String resultUrl = browser.url();
            // The page refreshes itself (meta refresh, no JavaScript) until the batch is DONE.
            new WebDriverWait(browser.driver(), Duration.ofSeconds(120)).ignoring(StaleElementReferenceException.class)
                    .until(d -> "DONE".equals(d.findElement(By.id("opsknight-people-batch")).getAttribute("data-status")));
            assertThat(outcomes(browser, "batch-row")).containsExactly("invited", "already_member", "invalid");
            assertThat(browser.driver().findElement(By.id("batch-status")).getText()).startsWith("Done: all 3 rows");
            JsonNode invitations = realm.apiAs(ADMIN).get("/invitations").json();
            assertThat(invitations).hasSize(1);
            assertThat(invitations.get(0).path("email").asText()).isEqualTo("nora@example.test");
            assertThat(invitations.get(0).path("role").asText()).isEqualTo("RESPONDER");

            // Coming back later: the import page lists the batch, its page shows the result.
            browser.open(realm.apiUrl() + "/people/import");
            browser.waitFor(By.id("import-recent"));
            browser.open(resultUrl);
            assertThat(browser.waitFor(By.id("opsknight-people-batch")).getAttribute("data-status")).isEqualTo("DONE");

            // German, the same rows as a file: Nora is invited already, nobody needs an invitation.
            Path file = Files.createTempFile("team", ".csv");
            Files.writeString(file, "\uFEFF" + CSV.replace(',', ';'), StandardCharsets.UTF_8);
            browser.open(realm.apiUrl() + "/people/import?kc_locale=de");
            browser.waitFor(By.id("opsknight-people-import"));
            assertThat(browser.source()).contains("Viele einladen").contains("Prüfen");
            browser.driver().findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
            submit(browser, By.id("import-check"), "import-preview");
            assertThat(outcomes(browser, "import-row")).containsExactly("already_invited", "already_member", "invalid");
            assertThat(browser.source()).contains("Bereits eingeladen").contains("Bereits Mitglied").contains("Ungültig");
            assertThat(browser.driver().findElement(By.id("import-nothing")).getText())
                    .isEqualTo("Niemand in dieser Liste braucht eine Einladung.");
            assertThat(browser.driver().findElements(By.id("import-confirm"))).isEmpty();
            browser.open(resultUrl);
            assertThat(browser.waitFor(By.id("batch-status")).getText()).startsWith("Fertig: alle 3 Zeilen");
            Files.deleteIfExists(file);
        }
    }

    @BrowserTest
    void aResponderIsRefused() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser("rob@example.test", "Rob Responder", "RESPONDER");
            browser.open(realm.apiUrl() + "/people/import");
            browser.waitFor(By.id("username"));
            browser.type(By.id("username"), "rob@example.test").type(By.id("password"), TestRealm.PASSWORD).click(By.id("kc-login"));
            browser.waitFor(By.id("account-message"));
            browser.open(realm.apiUrl() + "/people/import");
            assertThat(browser.waitFor(By.id("account-message")).getText()).contains("The People page is for ADMINs");
            assertThat(browser.driver().findElements(By.id("import-form"))).isEmpty();
        }
    }
}
