package io.opsknight.identity.pages.people;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Api;
import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.BrowserTest;
import io.opsknight.identity.testsupport.Db;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.Mail;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.SmtpGate;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.TestServerOptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The People page in Chromium: an ADMIN invites, copies the link, the invitee accepts, the ADMIN changes the
 * role, deactivates and reactivates with confirmation, resends and revokes; a RESPONDER is refused; a post
 * without the CSRF token changes nothing; search, filters, sort and paging; German.
 * With {@code -Dit.screenshots=<dir>} it saves the list and the person page as PNGs there.
 */
@OpsKnightIT
class PeoplePageIT {

    private static final String ADMIN = "ada@example.test";
    private static final String NEW_PASSWORD = "Invitee-Password-42";
    private static final String SCREENSHOTS = System.getProperty("it.screenshots", "");

    /** Signs in through the realm's login page (code flow with PKCE) and waits for the People page. */
    static void signIn(Browser browser, TestRealm realm, String path, String email) {
        browser.open(realm.apiUrl() + path);
        browser.waitFor(By.id("username"));
        assertThat(browser.url()).contains("code_challenge_method=S256").contains("client_id=opsknight-account");
        browser.type(By.id("username"), email).type(By.id("password"), TestRealm.PASSWORD).click(By.id("kc-login"));
        browser.waitFor(By.id("opsknight-people"));
    }

    /** Clicks a submit button and waits for the next page (the old page's elements go stale). */
    static void submit(Browser browser, By button, String awaited) {
        browser.submit(button, By.id(awaited), Duration.ofSeconds(30));
    }

    private static String text(Browser browser, String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    private static WebElement row(Browser browser, String email) {
        return browser.driver().findElement(By.cssSelector("tr[data-email='" + email + "']"));
    }

    private static List<String> emails(Browser browser) {
        return browser.driver().findElements(By.cssSelector("tr.opsknight-person-row")).stream()
                .map(r -> r.getAttribute("data-email")).toList();
    }

    @BrowserTest
    void adminWalksTheWholeFlowAndOthersAreRefused() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            realm.createUser("bo@example.test", "Bo Second", "ADMIN");
            signIn(browser, realm, "/people", ADMIN);
            assertThat(browser.url()).isEqualTo(realm.apiUrl() + "/people");
            assertThat(emails(browser)).contains(ADMIN, "bo@example.test");
            assertThat(browser.driver().findElement(By.cssSelector("#counter-total .opsknight-counter-count")).getText()).isEqualTo("2");

            // Invite: RESPONDER is preselected; no SMTP in this realm, so the page offers the link.
            browser.click(By.id("invite-open"));
            assertThat(new Select(browser.waitFor(By.id("invite-role"))).getFirstSelectedOption().getText()).isEqualTo("RESPONDER");
            browser.type(By.id("invite-email"), "cy@example.test").type(By.id("invite-name"), "Cy Invitee");
            submit(browser, By.id("invite-send"), "opsknight-people");
            assertThat(text(browser, "page-message")).contains("cy@example.test");
            WebElement invited = row(browser, "cy@example.test");
            assertThat(invited.findElement(By.className("person-status")).getText()).isEqualTo("Invited");
            assertThat(invited.findElement(By.className("person-expires")).getText()).contains("UTC");
            assertThat(invited.findElement(By.className("person-link")).getText()).isEqualTo("Cy Invitee");
            assertThat(invited.findElement(By.className("person-last-sign-in")).getText()).isEqualTo("never");
            String cyId = invited.getAttribute("data-user-id");
            screenshot(browser, "people-list-en", 1000);

            // A name the realm's User Profile refuses: its sentence, and the list as it stands (no half-made person
            // of a rolled-back invitation in the rows or the counters).
            browser.click(By.id("invite-open"));
            browser.type(By.id("invite-email"), "dee@example.test").type(By.id("invite-name"), "Dee <b>Bold</b>");
            submit(browser, By.id("invite-send"), "opsknight-people");
            assertThat(browser.source()).contains("invalid character");
            assertThat(emails(browser)).contains("cy@example.test").doesNotContain("dee@example.test");
            assertThat(browser.driver().findElement(By.cssSelector("#counter-total .opsknight-counter-count")).getText()).isEqualTo("3");
            assertThat(realm.apiAs(ADMIN).get("/users?search=dee").json()).isEmpty();

            // Copy link: shown on request, recorded in the audit trail.
            submit(browser, By.cssSelector("tr[data-email='cy@example.test'] .person-copy-link"), "invitation-link");
            String link = browser.driver().findElement(By.id("invitation-link")).getAttribute("value");
            assertThat(link).contains("/login-actions/action-token");
            assertThat(realm.auditCount(cyId, "user.invite.link_shown")).isEqualTo(1);

            // The invitee accepts in their own browser, then is refused the People page (a RESPONDER).
            try (Browser invitee = new Browser()) {
                invitee.open(link);
                invitee.waitFor(By.id("opsknight-accept-invitation-form"));
                invitee.type(By.id("password"), NEW_PASSWORD).type(By.id("password-confirm"), NEW_PASSWORD)
                        .click(By.id("opsknight-accept"));
                invitee.waitForUrl("localhost:3000");
                invitee.open(realm.apiUrl() + "/people");
                invitee.waitFor(By.id("account-message"));
                assertThat(invitee.source()).contains("The People page is for ADMINs").doesNotContain("cy@example.test\"");
                invitee.open(realm.apiUrl() + "/people/" + cyId);
                invitee.waitFor(By.id("account-message"));
                assertThat(invitee.source()).contains("The People page is for ADMINs").doesNotContain("person-name");
            }
            browser.open(realm.apiUrl() + "/people?status=ACTIVE");
            browser.waitFor(By.id("opsknight-people"));
            assertThat(row(browser, "cy@example.test").findElement(By.className("person-status")).getText()).isEqualTo("Active");
            assertThat(row(browser, "cy@example.test").findElement(By.className("person-role")).getText()).isEqualTo("RESPONDER");

            // Person page: change the role.
            browser.click(By.cssSelector("tr[data-email='cy@example.test'] .person-link"));
            browser.waitFor(By.id("opsknight-person"));
            new Select(browser.waitFor(By.id("person-role-select"))).selectByValue("USER");
            submit(browser, By.id("person-role-save"), "opsknight-person");
            assertThat(text(browser, "person-role")).isEqualTo("USER");
            assertThat(realm.apiAs(ADMIN).get("/users/" + cyId).json().path("role").asText()).isEqualTo("USER");
            screenshot(browser, "people-person-en", 1400);

            // A forged post without the CSRF token changes nothing.
            Object status = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                            + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                            + " body: 'confirm=yes'}).then(r => done(r.status));", realm.apiUrl() + "/people/" + cyId + "/access/deactivate");
            assertThat(((Number) status).intValue()).isEqualTo(403);
            assertThat(realm.apiAs(ADMIN).get("/users/" + cyId).json().path("status").asText()).isEqualTo("ACTIVE");

            // Deactivate asks first, then does it; reactivate likewise.
            submit(browser, By.id("person-deactivate"), "person-confirm");
            assertThat(realm.apiAs(ADMIN).get("/users/" + cyId).json().path("status").asText()).isEqualTo("ACTIVE");
            submit(browser, By.id("person-confirm-yes"), "person-reactivate");
            assertThat(text(browser, "person-status")).isEqualTo("Disabled");
            assertThat(realm.apiAs(ADMIN).get("/users/" + cyId).json().path("status").asText()).isEqualTo("DISABLED");
            submit(browser, By.id("person-reactivate"), "person-confirm");
            submit(browser, By.id("person-confirm-yes"), "person-deactivate");
            assertThat(realm.apiAs(ADMIN).get("/users/" + cyId).json().path("status").asText()).isEqualTo("ACTIVE");
            assertThat(realm.auditCount(cyId, "user.deactivated")).isEqualTo(1);
            assertThat(realm.auditCount(cyId, "user.reactivated")).isEqualTo(1);
            assertThat(browser.source()).contains("user.role.changed");

            // One's own page offers no role change and no deactivation.
            browser.click(By.id("people-link-list"));
            browser.waitFor(By.id("opsknight-people"));
            browser.click(By.cssSelector("tr[data-email='" + ADMIN + "'] .person-link"));
            browser.waitFor(By.id("person-role-self"));
            assertThat(browser.driver().findElements(By.id("person-role-select"))).isEmpty();
            assertThat(browser.driver().findElements(By.id("person-deactivate"))).isEmpty();
            // A hand-made role post for oneself (with a valid CSRF token) is refused by the same rule as the API.
            WebElement html = browser.driver().findElement(By.tagName("html"));
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "const f = document.getElementById('person-password-reset').form;"
                            + "f.action = f.action.replace('/access/password-reset', '/access/role');"
                            + "const r = document.createElement('input'); r.type = 'hidden'; r.name = 'role'; r.value = 'USER';"
                            + "f.appendChild(r); f.submit();");
            browser.awaitNextPage(html, Duration.ofSeconds(30));
            assertThat(text(browser, "page-message")).contains("You cannot change your own role");
            String adaId = browser.driver().findElement(By.id("opsknight-person")).getAttribute("data-user-id");
            assertThat(realm.apiAs("bo@example.test").get("/users/" + adaId).json().path("role").asText()).isEqualTo("ADMIN");

            // Resend and revoke an invitation from the person page.
            JsonNode dee = realm.apiAs(ADMIN).post("/invitations", java.util.Map.of("email", "dee@example.test", "name", "Dee", "role", "USER")).json();
            browser.open(realm.apiUrl() + "/people/" + dee.path("userId").asText());
            browser.waitFor(By.id("person-invitation"));
            submit(browser, By.id("person-invitation-resend"), "person-invitation");
            assertThat(realm.auditCount(dee.path("userId").asText(), "user.invite.resent")).isEqualTo(1);
            submit(browser, By.id("person-invitation-revoke"), "opsknight-people");
            assertThat(browser.url()).isEqualTo(realm.apiUrl() + "/people");
            assertThat(emails(browser)).doesNotContain("dee@example.test");
            assertThat(realm.apiAs(ADMIN).get("/invitations?status=REVOKED").json()).hasSize(1);
        }
    }

    @BrowserTest
    void searchFiltersSortPagingAndGerman() {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            // 24 more people: 12 "Zed" RESPONDERs, 12 "Yan" USERs, two of them disabled.
            for (int i = 0; i < 12; i++) {
                realm.createUser(String.format("zed%02d@example.test", i), String.format("Zed %02d", i), "RESPONDER");
                realm.createUser(String.format("yan%02d@example.test", i), String.format("Yan %02d", i), "USER");
            }
            for (String email : List.of("yan00@example.test", "yan01@example.test")) {
                String id = realm.resource().users().search(email, true).get(0).getId();
                realm.apiAs(ADMIN).post("/users/" + id + "/deactivate", null);
            }
            signIn(browser, realm, "/people", ADMIN);
            assertThat(emails(browser)).hasSize(20);
            assertThat(text(browser, "people-range")).isEqualTo("1-20 of 25");
            assertThat(text(browser, "counter-disabled")).contains("2");
            browser.click(By.id("people-next"));
            browser.waitFor(By.id("people-prev"));
            assertThat(browser.url()).endsWith("/people?page=2");
            assertThat(emails(browser)).hasSize(5);

            // Search (case-insensitive), keeps the role filter; state in the URL.
            browser.open(realm.apiUrl() + "/people?search=ZED&role=RESPONDER&sort=email");
            browser.waitFor(By.id("opsknight-people"));
            assertThat(emails(browser)).hasSize(12).first().isEqualTo("zed00@example.test");
            assertThat(emails(browser)).isSorted();
            assertThat(text(browser, "counter-total")).contains("12");

            // The Disabled counter filters; the counters keep the search.
            browser.open(realm.apiUrl() + "/people?search=yan");
            browser.waitFor(By.id("opsknight-people"));
            browser.click(By.id("counter-disabled"));
            browser.waitFor(By.cssSelector("#counter-disabled.opsknight-counter-current"));
            assertThat(emails(browser)).containsExactlyInAnyOrder("yan00@example.test", "yan01@example.test");
            assertThat(browser.url()).contains("status=DISABLED").contains("search=yan");

            // Sort by name; the filter form is a plain GET (no JavaScript needed).
            browser.open(realm.apiUrl() + "/people?sort=name&role=USER");
            browser.waitFor(By.id("opsknight-people"));
            assertThat(emails(browser)).hasSize(12).first().isEqualTo("yan00@example.test");
            new Select(browser.waitFor(By.id("people-status"))).selectByValue("ACTIVE");
            submit(browser, By.id("people-apply"), "opsknight-people");
            assertThat(browser.url()).contains("status=ACTIVE").contains("sort=name");
            assertThat(emails(browser)).hasSize(10);

            // The search is a prefix of the full name, last name or email: "ed" is inside every Zed but starts none.
            browser.open(realm.apiUrl() + "/people?search=ed");
            browser.waitFor(By.id("people-empty"));
            assertThat(emails(browser)).isEmpty();
            browser.open(realm.apiUrl() + "/people?search=" + java.net.URLEncoder.encode("ZED 0", java.nio.charset.StandardCharsets.UTF_8));
            browser.waitFor(By.id("opsknight-people"));
            assertThat(emails(browser)).hasSize(10).allMatch(e -> e.startsWith("zed0"));
            // Sorted by status: ACTIVE before DISABLED, each newest first, across pages.
            browser.open(realm.apiUrl() + "/people?sort=status&page=2");
            browser.waitFor(By.id("opsknight-people"));
            assertThat(emails(browser)).hasSize(5).endsWith("yan01@example.test", "yan00@example.test");

            browser.open(realm.apiUrl() + "/people?kc_locale=de");
            browser.waitFor(By.id("opsknight-people"));
            assertThat(browser.source()).contains("Personen").contains("Letzte Anmeldung").contains("Jemanden einladen");
            assertThat(text(browser, "counter-total")).contains("Gesamt");
        }
    }

    @BrowserTest
    void invitationEmailDeliveryIsShownAndTheUndeliveredAreFiltered() throws Exception {
        try (Mail mail = new Mail(); TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            Api api = realm.apiAs(ADMIN);
            // No SMTP server yet: NOT_CONFIGURED at once. Then a working one (SENT), then a dead one (DEAD).
            String nosmtp = invite(api, "nosmtp@example.test");
            realm.useSmtp(mail.port());
            String sent = invite(api, "sent@example.test");
            awaitDelivery(api, sent, "SENT");
            realm.useSmtp(Mail.freePort());
            String dead = invite(api, "dead@example.test");
            awaitDelivery(api, dead, "DEAD");

            signIn(browser, realm, "/people", ADMIN);
            assertThat(undeliveredMarks(browser)).containsExactlyInAnyOrder("nosmtp@example.test", "dead@example.test");
            // The filter is a checkbox of the GET form: bookmarkable, and the counters keep it.
            browser.click(By.id("people-undelivered"));
            submit(browser, By.id("people-apply"), "opsknight-people");
            assertThat(browser.url()).contains("email=not-delivered");
            assertThat(emails(browser)).containsExactlyInAnyOrder("nosmtp@example.test", "dead@example.test");
            assertThat(text(browser, "people-range")).isEqualTo("1-2 of 2");
            browser.click(By.id("counter-invited"));
            browser.waitFor(By.cssSelector("#counter-invited.opsknight-counter-current"));
            assertThat(browser.url()).contains("email=not-delivered").contains("status=INVITED");
            assertThat(emails(browser)).containsExactlyInAnyOrder("nosmtp@example.test", "dead@example.test");
            assertThat(browser.driver().findElement(By.id("people-undelivered")).isSelected()).isTrue();

            // The person page shows the email's delivery as the API's "delivery" has it.
            browser.open(realm.apiUrl() + "/people/" + userOf(api, dead));
            browser.waitFor(By.id("person-invitation-delivery"));
            assertThat(delivery(browser)).isEqualTo("DEAD");
            assertThat(text(browser, "person-invitation-delivery")).contains("attempts: " + TestServerOptions.EMAIL_MAX_ATTEMPTS);
            assertThat(text(browser, "person-invitation-delivery-error")).startsWith("Last error: ").hasSizeGreaterThan(12);
            browser.open(realm.apiUrl() + "/people/" + userOf(api, nosmtp));
            browser.waitFor(By.id("person-invitation-delivery"));
            assertThat(delivery(browser)).isEqualTo("NOT_CONFIGURED");
            assertThat(text(browser, "person-invitation-delivery-status")).contains("no SMTP server");
            browser.open(realm.apiUrl() + "/people/" + userOf(api, sent) + "?kc_locale=de");
            browser.waitFor(By.id("person-invitation-delivery"));
            assertThat(delivery(browser)).isEqualTo("SENT");
            assertThat(text(browser, "person-invitation-delivery")).contains("gesendet am").contains("UTC");

            // A resend through a working server: its newest email arrives, so the person leaves the filter.
            realm.useSmtp(mail.port());
            assertThat(api.post("/invitations/" + dead + "/resend", null).status()).isEqualTo(200);
            awaitDelivery(api, dead, "SENT");
            browser.open(realm.apiUrl() + "/people?email=not-delivered&kc_locale=en");
            browser.waitFor(By.id("opsknight-people"));
            assertThat(emails(browser)).containsExactly("nosmtp@example.test");
            assertThat(undeliveredMarks(browser)).containsExactly("nosmtp@example.test");
        }
    }

    /**
     * Resend on the person page while the old email is at a mail server that hangs. On H2 the wait for that email
     * ends after 2 s and the page says why nothing was changed, showing nothing that did not happen (no resend in
     * the activity); on PostgreSQL the resend waits for the email and then goes through.
     */
    @BrowserTest
    void aResendWhileTheOldEmailHangsAtTheMailServerShowsOnlyWhatHappened() throws Exception {
        try (Mail mail = new Mail(); SmtpGate gate = new SmtpGate(mail.port()); TestRealm realm = TestRealm.create();
             Browser browser = new Browser()) {
            realm.createUser(ADMIN, "Ada Admin", "ADMIN");
            realm.useSmtp(gate.port());
            Api api = realm.apiAs(ADMIN);
            String userId = userOf(api, invite(api, "hung@example.test"));
            gate.awaitConnections(1, Duration.ofSeconds(20));
            signIn(browser, realm, "/people", ADMIN);
            browser.open(realm.apiUrl() + "/people/" + userId);
            browser.waitFor(By.id("person-invitation"));
            if (Db.readable()) {
                CompletableFuture.runAsync(gate::open, CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));
                submit(browser, By.id("person-invitation-resend"), "person-invitation");
                assertThat(text(browser, "person-activity")).contains("user.invite.resent");
                assertThat(realm.auditCount(userId, "user.invite.resent")).isEqualTo(1);
                mail.await(2, 30);
            } else {
                submit(browser, By.id("person-invitation-resend"), "person-invitation");
                assertThat(text(browser, "page-message")).contains("Nothing was changed").contains("being sent right now");
                assertThat(text(browser, "person-activity")).contains("user.invited").doesNotContain("user.invite.resent");
                assertThat(realm.auditCount(userId, "user.invite.resent")).isZero();
                gate.open();
                mail.await(1, 30);
            }
        }
    }

    private static String invite(Api api, String email) {
        Http.Reply r = api.post("/invitations", java.util.Map.of("email", email, "name", "Invitee", "role", "USER"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static String userOf(Api api, String invitationId) {
        return api.get("/invitations/" + invitationId).json().path("userId").asText();
    }

    private static void awaitDelivery(Api api, String invitationId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String now = "";
        while (!(now = api.get("/invitations/" + invitationId).json().path("delivery").path("status").asText()).equals(status)) {
            assertThat(System.nanoTime()).as("delivery of %s still %s, not %s", invitationId, now, status).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static String delivery(Browser browser) {
        return browser.driver().findElement(By.id("person-invitation-delivery")).getAttribute("data-delivery");
    }

    private static List<String> undeliveredMarks(Browser browser) {
        return browser.driver().findElements(By.cssSelector("tr.opsknight-person-row")).stream()
                .filter(r -> !r.findElements(By.className("person-undelivered")).isEmpty())
                .map(r -> r.getAttribute("data-email")).toList();
    }

    private static void screenshot(Browser browser, String name, int height) {
        if (SCREENSHOTS.isBlank()) {
            return;
        }
        browser.driver().manage().window().setSize(new Dimension(1280, height));
        try {
            Path dir = Files.createDirectories(Path.of(SCREENSHOTS));
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
