package io.opsknight.identity.setup;

import io.opsknight.identity.testsupport.Browser;
import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.KeycloakServer;
import io.opsknight.identity.testsupport.OpsKnightIT;
import io.opsknight.identity.testsupport.TestRealm;
import io.opsknight.identity.testsupport.TestServerOptions;
import io.opsknight.identity.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The first-admin page against the real server (which runs with a setup key, see TestServerOptions). */
@OpsKnightIT
class SetupIT {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern PASSWORD = Pattern.compile("id=\"generated-password\"[^>]*>([^<]+)<");

    @Test
    void browserCreatesTheAdminWhoSignsInWithTheShownPassword() throws IOException {
        try (TestRealm realm = TestRealm.create(); Browser browser = new Browser()) {
            browser.open(setupUrl(realm));
            browser.waitFor(By.id("email"));
            assertThat(browser.source()).contains("/opsknight/css/opsknight.css").contains("Create the first admin");

            browser.type(By.id("email"), "Founder@Example.test")
                    .type(By.id("name"), "Grace Hopper")
                    .type(By.id("setupKey"), keyOf(setupUrl(realm)))
                    .click(By.id("opsknight-setup-submit"));

            String password = browser.waitFor(By.id("generated-password")).getText().strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(browser.driver().findElement(By.id("password-warning")).getText()).contains("shown only once");
            assertThat(browser.driver().findElement(By.id("copy-password")).isDisplayed()).isTrue();
            assertThat(browser.driver().findElement(By.id("sign-in")).getAttribute("href")).endsWith("/realms/" + realm.name() + "/account/");

            UserRepresentation admin = onlyUser(realm);
            assertThat(admin.getUsername()).isEqualTo("founder@example.test");
            assertThat(admin.getEmail()).isEqualTo("founder@example.test");
            assertThat(admin.getFirstName()).isEqualTo("Grace Hopper");
            assertThat(admin.isEmailVerified()).isTrue();
            assertThat(admin.isEnabled()).isTrue();
            assertThat(admin.getAttributes().get("opsknight_status")).containsExactly("ACTIVE");

            // Sign in through the themed login page, as a person would.
            browser.open(realm.url() + "/protocol/openid-connect/auth?client_id=" + TestRealm.TEST_CLIENT
                    + "&response_type=code&scope=openid&redirect_uri=" + TestRealm.REDIRECT_URI);
            browser.type(By.id("username"), "founder@example.test")
                    .type(By.id("password"), password)
                    .click(By.id("kc-login"));
            browser.waitForUrl("code=");
            String code = queryParam(browser.url(), "code");
            Tokens tokens = Tokens.from(Http.form(realm.tokenUrl(), Map.of("grant_type", "authorization_code",
                    "client_id", TestRealm.TEST_CLIENT, "code", code, "redirect_uri", TestRealm.REDIRECT_URI)));
            assertThat(tokens.access().path("opsknight_role").asText()).isEqualTo("ADMIN");
            assertThat(tokens.access().path("email").asText()).isEqualTo("founder@example.test");

            // Closed for good, and the password never reached the server log.
            assertThat(new Visitor(realm).get().status()).isEqualTo(404);
            assertThat(Files.readString(KeycloakServer.get().log())).doesNotContain(password);
        }
    }

    @Test
    void sixteenConcurrentSubmitsMakeExactlyOneAdmin() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            List<Visitor> visitors = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                visitors.add(new Visitor(realm));
            }
            List<Reply> replies = race(visitors, "racer");
            replies.stream().filter(r -> r.status() != 200)
                    .forEach(r -> assertThat(r.body()).contains("Setup already completed"));

            assertThat(realm.resource().users().count()).isEqualTo(1);
            Reply winner = replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
            String email = onlyUser(realm).getEmail();
            Tokens tokens = Tokens.from(realm.passwordGrant(email, password(winner)));
            assertThat(tokens.access().path("opsknight_role").asText()).isEqualTo("ADMIN");
            assertThat(realm.audit("type=setup.completed")).hasSize(1);
        }
    }

    /**
     * Each visitor loads the form, then all submit at the same instant. Asserts exactly one 200 and that
     * the losers see "already completed" (409, or 404 when late), never a 500; returns the replies.
     */
    private static List<Reply> race(List<Visitor> visitors, String emailPrefix) throws Exception {
        for (Visitor v : visitors) {
            assertThat(v.get().status()).isEqualTo(200);
        }
        ExecutorService pool = Executors.newFixedThreadPool(visitors.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        for (int i = 0; i < visitors.size(); i++) {
            Visitor v = visitors.get(i);
            String email = emailPrefix + i + "@example.test";
            futures.add(pool.submit(() -> {
                start.await();
                return v.post(validForm(email, "Racer"));
            }));
        }
        start.countDown();
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> f : futures) {
            replies.add(f.get());
        }
        pool.shutdown();

        Map<Integer, Long> statuses = replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
        assertThat(statuses.get(200)).as("statuses %s", statuses).isEqualTo(1L);
        assertThat(statuses.keySet()).as("losers see 'already completed' (409, or 404 when late), never a 500: %s", statuses)
                .isSubsetOf(200, 404, 409);
        return replies;
    }

    @Test
    void refusesForgedReplayedAndInvalidForms() throws IOException {
        try (TestRealm realm = TestRealm.create()) {
            Visitor v = new Visitor(realm);
            assertThat(v.get().status()).isEqualTo(200);
            assertThat(v.cookieHeader).contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                    .contains("Path=/realms/" + realm.name() + "/opsknight/setup");

            // CSRF: no cookie, or a field that is not the cookie's value.
            Visitor noCookie = new Visitor(realm);
            noCookie.csrf = v.csrf;
            assertThat(noCookie.post(validForm("a@example.test", "A")).status()).isEqualTo(403);
            Map<String, String> forged = validForm("a@example.test", "A");
            forged.put("csrf", SetupCsrf.newToken());
            assertThat(v.post(forged).status()).isEqualTo(403);
            String token = v.csrf;
            v.csrf = null;
            assertThat(v.post(validForm("a@example.test", "A")).status()).as("cookie without field").isEqualTo(403);
            v.csrf = token;
            assertThat(v.get().status()).isEqualTo(200); // fresh pair after the refusals

            // Setup key: wrong or missing.
            Map<String, String> wrongKey = validForm("a@example.test", "A");
            wrongKey.put("setupKey", TestServerOptions.SETUP_KEY + "x");
            Reply wrong = v.post(wrongKey);
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.body()).contains("The setup key is not correct.");
            Map<String, String> noKey = validForm("a@example.test", "A");
            noKey.remove("setupKey");
            assertThat(v.post(noKey).status()).isEqualTo(403);

            // Input: errors on the page, nothing created.
            Reply badEmail = v.post(validForm("not-an-email", "A"));
            assertThat(badEmail.status()).isEqualTo(400);
            assertThat(badEmail.body()).contains("Please enter a valid email address.").contains("value=\"not-an-email\"");
            assertThat(v.post(validForm("a@example.test", "  ")).status()).isEqualTo(400);
            assertThat(v.post(validForm("a@example.test", "x".repeat(256))).status()).isEqualTo(400);
            assertThat(v.post(validForm("a@example.test", "<script>")).status())
                    .as("user profile's person-name rule").isEqualTo(400);
            assertThat(realm.resource().users().count()).isZero();

            // Success, then the same form again is refused and the page is gone.
            Map<String, String> good = validForm("admin@example.test", "Ada");
            Reply created = v.post(good);
            assertThat(created.status()).isEqualTo(200);
            assertThat(created.header("Cache-Control")).contains("no-store");
            assertThat(password(created)).hasSizeGreaterThanOrEqualTo(20);
            Reply replay = v.post(good);
            assertThat(replay.status()).isEqualTo(404);
            assertThat(replay.body()).contains("Setup already completed").doesNotContain("generated-password");
            assertThat(new Visitor(realm).get().status()).isEqualTo(404);
            assertThat(realm.resource().users().count()).isEqualTo(1);

            // Deleting the admin does not re-open setup: the claim stays (see docs/setup.md).
            realm.resource().users().delete(onlyUser(realm).getId()).close();
            assertThat(realm.resource().users().count()).isZero();
            assertThat(new Visitor(realm).get().status()).isEqualTo(404);
        }
    }

    @Test
    void realmWithAUserHasNoSetupPage() {
        try (TestRealm realm = TestRealm.create()) {
            realm.createUser("someone@example.test", "Someone", "USER");
            Visitor v = new Visitor(realm);
            Reply get = v.get();
            assertThat(get.status()).isEqualTo(404);
            assertThat(get.body()).contains("Setup already completed");
            Reply german = Visitor.send(HttpClient.newHttpClient(),
                    HttpRequest.newBuilder(URI.create(setupUrl(realm) + "?kc_locale=de")).GET().build());
            assertThat(german.status()).isEqualTo(404);
            assertThat(german.body()).contains("Einrichtung bereits abgeschlossen");
            v.csrf = SetupCsrf.newToken();
            v.cookie = v.csrf;
            assertThat(v.post(validForm("x@example.test", "X")).status()).isEqualTo(404);
            assertThat(realm.resource().users().count()).isEqualTo(1);
        }
    }

    @Test
    void masterRealmHasNoSetupPage() {
        Reply reply = Visitor.send(HttpClient.newHttpClient(),
                HttpRequest.newBuilder(URI.create(KeycloakServer.get().baseUrl() + "/realms/master/opsknight/setup")).GET().build());
        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void serverLogSaysWhereTheSetupKeyIs() throws IOException {
        assertThat(Files.readString(KeycloakServer.get().log()))
                .contains("no setup key configured (--spi-opsknight-setup--default--setup-key or KC_SPI_OPSKNIGHT_SETUP__DEFAULT__SETUP_KEY)");
    }

    @Test
    void theServerMakesOneKeyPerRealmLogsItOnceAndItDiesWithSetup() throws Exception {
        try (TestRealm realm = TestRealm.create()) {
            Visitor v = new Visitor(realm);
            Reply page = v.get();
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"setupKey\"").contains("into its log");
            String key = keyOf(setupUrl(realm));
            assertThat(key).matches("[A-Za-z0-9]{24}"); // 24 base62 characters: about 142 bits
            v.get();
            new Visitor(realm).get();
            assertThat(countInLog("OpsKnight setup key for realm '" + realm.name() + "': ")).as("made and logged once").isEqualTo(1);

            Map<String, String> form = validForm("keyed@example.test", "Keyed Admin");
            form.put("setupKey", key);
            assertThat(v.post(form).status()).isEqualTo(200);
            // The key died with setup: the page is gone, and a new realm gets a different key.
            assertThat(new Visitor(realm).get().status()).isEqualTo(404);
        }
    }

    @Test
    void tenWrongKeysLockThePageForEveryone() {
        try (TestRealm realm = TestRealm.create()) {
            Visitor v = new Visitor(realm);
            v.get();
            for (int i = 0; i < 10; i++) {
                Map<String, String> wrong = validForm("lock@example.test", "Lock");
                wrong.put("setupKey", "wrong-" + i);
                assertThat(v.post(wrong).status()).as("attempt %d", i + 1).isEqualTo(403);
            }
            // Locked: the right key is refused too, and a fresh visitor sees the lock (state in the database).
            Reply locked = v.post(validForm("lock@example.test", "Lock"));
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.body()).contains("locked for 15 minutes");
            assertThat(new Visitor(realm).get().status()).isEqualTo(429);
            assertThat(realm.resource().users().count()).isZero();
        }
    }

    // --- helpers ---

    private static String setupUrl(TestRealm realm) {
        return realm.apiUrl() + "/setup";
    }

    private static Map<String, String> validForm(String email, String name) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("email", email);
        form.put("name", name);
        form.put("setupKey", TestServerOptions.SETUP_KEY);
        return form;
    }

    private static UserRepresentation onlyUser(TestRealm realm) {
        List<UserRepresentation> users = realm.resource().users().list();
        assertThat(users).hasSize(1);
        return realm.resource().users().get(users.get(0).getId()).toRepresentation();
    }

    private static String password(Reply reply) {
        Matcher m = PASSWORD.matcher(reply.body());
        assertThat(m.find()).as("password on the page: %s", reply.body()).isTrue();
        return m.group(1).strip();
    }

    private static final Pattern LOGGED_KEY = Pattern.compile("OpsKnight setup key for realm '([^']+)': ([A-Za-z0-9]+)");

    /**
     * The key the server made for the realm of this setup URL, read from the server log. Opens the page
     * first when no key is logged yet. (Two nodes: cluster/SetupClusterIT.)
     */
    static String keyOf(String setupUrl) {
        return keyOf(setupUrl, true);
    }

    static String keyOf(String setupUrl, boolean required) {
        String realmName = setupUrl.replaceAll(".*/realms/([^/]+)/opsknight/setup.*", "$1");
        for (int attempt = 0; attempt < (required ? 100 : 30); attempt++) {
            for (Path log : List.of(KeycloakServer.get().log())) {
                try {
                    if (!Files.exists(log)) {
                        continue;
                    }
                    Matcher m = LOGGED_KEY.matcher(Files.readString(log));
                    while (m.find()) {
                        if (m.group(1).equals(realmName)) {
                            return m.group(2);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (attempt == 0) {
                Visitor.send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(setupUrl)).GET().build());
            }
            try {
                Thread.sleep(100); // the log line is written asynchronously
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (!required) {
            return TestServerOptions.SETUP_KEY;
        }
        throw new AssertionError("No setup key logged for realm " + realmName);
    }

    private static long countInLog(String text) throws IOException {
        return Files.readAllLines(KeycloakServer.get().log()).stream().filter(l -> l.contains(text)).count();
    }

    private static String queryParam(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("No " + name + " in " + url);
    }

    record Reply(int status, String body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).collect(Collectors.joining(", "));
        }
    }

    /** One browser-like visitor: its own cookie and form token, from its own GET. */
    static final class Visitor {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String url;
        String cookie;
        String cookieHeader;
        String csrf;

        Visitor(TestRealm realm) {
            this(setupUrl(realm));
        }

        Visitor(String url) {
            this.url = url;
        }

        Reply get() {
            Reply r = send(client, HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
                    .header("Cookie", cookie == null ? "x=y" : SetupCsrf.COOKIE + "=" + cookie).GET().build());
            for (String setCookie : r.headers().getOrDefault("set-cookie", List.of())) {
                if (setCookie.startsWith(SetupCsrf.COOKIE + "=")) {
                    cookieHeader = setCookie;
                    cookie = setCookie.substring(SetupCsrf.COOKIE.length() + 1, setCookie.indexOf(';'));
                }
            }
            Matcher m = CSRF_FIELD.matcher(r.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return r;
        }

        Reply post(Map<String, String> fields) {
            Map<String, String> all = new LinkedHashMap<>(fields);
            if (TestServerOptions.SETUP_KEY.equals(all.get("setupKey"))) {
                // A closed page makes no key: the marker then goes as it is (and is refused or ignored).
                all.put("setupKey", keyOf(url, false));
            }
            if (csrf != null) {
                all.putIfAbsent("csrf", csrf);
            }
            String body = all.entrySet().stream().map(e -> Http.enc(e.getKey()) + "=" + Http.enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (cookie != null) {
                b.header("Cookie", SetupCsrf.COOKIE + "=" + cookie);
            }
            return send(client, b.build());
        }

        static Reply send(HttpClient client, HttpRequest request) {
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                return new Reply(r.statusCode(), r.body(), r.headers().map());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
