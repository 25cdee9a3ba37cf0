package io.opsknight.identity.pages.account;

import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.StringTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.TemplateMethodModelEx;
import io.opsknight.identity.apitoken.ApiTokenAccountSection;
import io.opsknight.identity.apitoken.ApiTokenFormat;
import io.opsknight.identity.apitoken.ApiTokenView;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.common.OpsKnightException;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account page's API-token section rendered the way Keycloak renders theme templates (FreeMarker 2.3.32, HTML
 * output format) and the way the page includes it (its model as {@code data}, the post's outcome as
 * {@code page.posted}), with the model, form targets and outcome that production code builds.
 */
class ApiTokenAccountFragmentTest {

    private static final Path LOGIN_THEME = Path.of("..", "themes", "src", "main", "resources", "theme", "opsknight", "login");
    private static final String TOKEN = ApiTokenFormat.compose("AbCd456789abcdefABCDEF");
    private static final String PAGE = "https://id.example.test/realms/acme/opsknight/account";
    private static final ApiTokenAccountSection.Forms FORMS = ApiTokensSection.forms(PAGE, "csrf-value");

    @Test
    void newTokenIsShownOnceInTheCreateAnswerOnly() throws Exception {
        Map<String, Object> result = ApiTokenAccountSection.model(List.of(view("t1", "deploy", null, false)), FORMS);
        result.put("created", ApiTokenAccountSection.created("t1", "deploy", TOKEN, TOKEN.substring(0, 8), "2027-02-26T10:00:00Z"));
        PageOutcome outcome = ApiTokensSection.outcome(result, Map.of(ApiTokenAccountSection.FIELD_NAME, "deploy"));
        assertThat(outcome.ok()).isTrue();

        // The page shows the section's model again (no token in it) and the create post's outcome.
        Map<String, Object> data = ApiTokenAccountSection.model(List.of(view("t1", "deploy", null, false)), FORMS);
        String html = render(data, posted("create", outcome));
        assertThat(html).contains("id=\"api-token-value\"").contains(">" + TOKEN + "</code>");
        assertThat(count(html, TOKEN)).isEqualTo(1);
        assertThat(html).contains("id=\"copy-api-token\"").contains("id=\"api-token-warning\"")
                .contains("[opsknightApiTokenShownOnce]");

        // The next view of the page: the same model, no post.
        assertThat(render(data, posted("", null))).doesNotContain(TOKEN.substring(8)).doesNotContain("api-token-value");
    }

    @Test
    void listShowsPrefixDatesAndLastUsedButNeverAToken() throws Exception {
        String html = render(ApiTokenAccountSection.model(List.of(view("t1", "deploy", "2026-11-28T10:15:30Z", false),
                view("t2", "old", null, true)), FORMS), posted("", null));
        assertThat(html).doesNotContain(TOKEN.substring(8)).doesNotContain("api-token-value");
        assertThat(html).contains("okp_AbCd&hellip;").contains("2026-11-28 10:15 UTC").contains("[opsknightApiTokenNeverUsed]")
                .contains("[opsknightApiTokenExpired]");
        assertThat(count(html, "name=\"apiTokenId\" value=\"t")).isEqualTo(2);
        assertThat(count(html, "name=\"csrf\" value=\"csrf-value\"")).isEqualTo(3); // create + two revokes
        // The forms post where the page routes them: <page>/<section>/<action>.
        assertThat(html).contains("action=\"" + PAGE + "/api-tokens/create\"").contains("action=\"" + PAGE + "/api-tokens/revoke\"");
    }

    @Test
    void whatAPersonTypedIsEscaped() throws Exception {
        Map<String, Object> model = ApiTokenAccountSection.refused(
                ApiTokenAccountSection.model(List.of(view("t1", "<script>alert(1)</script>", null, false)), FORMS),
                "opsknightApiTokenNameInUse", "\"><img src=x onerror=alert(2)>", "30");
        String html = render(model, posted("create", null));
        assertThat(html).doesNotContain("<script>alert(1)").doesNotContain("<img src=x");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&quot;&gt;&lt;img src=x");
        assertThat(html).contains("id=\"api-token-error\"").contains("[opsknightApiTokenNameInUse]");
    }

    @Test
    void emptyListSaysSo() throws Exception {
        assertThat(render(ApiTokenAccountSection.model(List.of(), FORMS), posted("", null)))
                .contains("id=\"api-token-none\"").doesNotContain("api-token-list");
    }

    @Test
    void everyMessageKeyExistsInEnglishAndGerman() throws Exception {
        String fragment = Files.readString(LOGIN_THEME.resolve("opsknight-account-api-tokens.ftl"));
        Matcher m = Pattern.compile("msg\\([\"'](opsknight[A-Za-z]+)[\"']").matcher(fragment);
        List<String> keys = new java.util.ArrayList<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        for (OpsKnightException e : List.of(OpsKnightException.invalid("missing_field", ""), OpsKnightException.invalid("invalid_name", ""),
                OpsKnightException.conflict("name_in_use", ""), OpsKnightException.invalid("invalid_field", ""),
                OpsKnightException.notFound(""))) {
            keys.add(ApiTokenAccountSection.messageKey(e));
        }
        keys.add("opsknightApiTokenRevokedNotice");
        assertThat(keys).hasSizeGreaterThan(15);
        for (String language : List.of("en", "de")) {
            Properties messages = new Properties();
            try (var in = Files.newBufferedReader(LOGIN_THEME.resolve("messages/messages_" + language + ".properties"))) {
                messages.load(in);
            }
            assertThat(messages.stringPropertyNames()).as(language).containsAll(keys);
        }
    }

    private static ApiTokenView view(String id, String name, String lastUsedAt, boolean expired) {
        return new ApiTokenView(id, name, TOKEN.substring(0, 8), "2026-11-01T08:00:00Z", "2027-01-30T08:00:00Z", lastUsedAt, expired);
    }

    /** {@code page.posted} as the account page fills it after a post of this section (or none). */
    private static Map<String, Object> posted(String action, PageOutcome outcome) {
        boolean ok = outcome != null && outcome.ok();
        Map<String, Object> posted = new HashMap<>();
        posted.put("section", action.isEmpty() ? "" : ApiTokensSection.ID);
        posted.put("action", action);
        posted.put("values", Map.of());
        posted.put("ok", ok);
        posted.put("messageKey", ok ? outcome.messageKey() : "");
        posted.put("messageParams", ok ? outcome.params().stream().map(String::valueOf).toList() : List.of());
        return posted;
    }

    /** The section's template included as the account page includes it. */
    private static String render(Map<String, Object> data, Map<String, Object> posted) throws Exception {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_32);
        cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        StringTemplateLoader page = new StringTemplateLoader();
        page.putTemplate("page.ftl", "<#list page.sections as s><#assign data = s.model><#include s.template></#list>");
        cfg.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[]{page, new FileTemplateLoader(LOGIN_THEME.toFile())}));
        Map<String, Object> account = new HashMap<>();
        account.put("sections", List.of(Map.of("id", ApiTokensSection.ID, "template", "opsknight-account-" + ApiTokensSection.ID + ".ftl",
                "model", data)));
        account.put("posted", posted);
        Map<String, Object> root = new HashMap<>();
        root.put("page", account);
        root.put("properties", Map.of());
        root.put("msg", (TemplateMethodModelEx) args -> "[" + args.get(0) + "]");
        StringWriter out = new StringWriter();
        cfg.getTemplate("page.ftl").process(root, out);
        return out.toString();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
