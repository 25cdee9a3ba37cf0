package io.opsknight.identity.apitoken;

import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.StringTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.TemplateMethodModelEx;
import io.opsknight.identity.common.OpsKnightException;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account page's API-token fragment rendered the way Keycloak renders theme templates
 * (FreeMarker 2.3.32, HTML output format), with the model {@link ApiTokenAccountSection} builds.
 */
class ApiTokenAccountFragmentTest {

    private static final Path LOGIN_THEME = Path.of("..", "themes", "src", "main", "resources", "theme", "opsknight", "login");
    private static final String TOKEN = ApiTokenFormat.compose("AbCd456789abcdefABCDEF");

    @Test
    void newTokenIsShownOnceWithCopyButtonAndWarning() throws Exception {
        Map<String, Object> model = model(List.of(row("t1", "deploy", null, false)));
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("id", "t1");
        created.put("name", "deploy");
        created.put("token", TOKEN);
        created.put("prefix", TOKEN.substring(0, 8));
        created.put("expiresAt", "2027-02-26T10:00:00Z");
        model.put("created", created);

        String html = render(model);
        assertThat(html).contains("id=\"api-token-value\"").contains(">" + TOKEN + "</code>");
        assertThat(count(html, TOKEN)).isEqualTo(1);
        assertThat(html).contains("id=\"copy-api-token\"").contains("id=\"api-token-warning\"")
                .contains("[opsknightApiTokenShownOnce]");
    }

    @Test
    void listShowsPrefixDatesAndLastUsedButNeverAToken() throws Exception {
        String html = render(model(List.of(row("t1", "deploy", "2026-11-28T10:15:30Z", false), row("t2", "old", null, true))));
        assertThat(html).doesNotContain(TOKEN.substring(8)).doesNotContain("api-token-value");
        assertThat(html).contains("okp_AbCd&hellip;").contains("2026-11-28 10:15 UTC").contains("[opsknightApiTokenNeverUsed]")
                .contains("[opsknightApiTokenExpired]");
        assertThat(count(html, "name=\"apiTokenId\" value=\"t")).isEqualTo(2);
        assertThat(count(html, "name=\"csrf\" value=\"csrf-value\"")).isEqualTo(3); // create + two revokes
        assertThat(html).contains("action=\"/account/api-tokens\"").contains("action=\"/account/api-tokens/revoke\"");
    }

    @Test
    void whatAPersonTypedIsEscaped() throws Exception {
        Map<String, Object> model = model(List.of(row("t1", "<script>alert(1)</script>", null, false)));
        model.put("name", "\"><img src=x onerror=alert(2)>");
        model.put("error", "opsknightApiTokenNameInUse");
        String html = render(model);
        assertThat(html).doesNotContain("<script>alert(1)").doesNotContain("<img src=x");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&quot;&gt;&lt;img src=x");
        assertThat(html).contains("id=\"api-token-error\"").contains("[opsknightApiTokenNameInUse]");
    }

    @Test
    void emptyListSaysSo() throws Exception {
        assertThat(render(model(List.of()))).contains("id=\"api-token-none\"").doesNotContain("api-token-list");
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

    private static Map<String, Object> model(List<Map<String, Object>> tokens) {
        Map<String, Object> model = new HashMap<>();
        model.put("tokens", tokens);
        model.put("error", "");
        model.put("notice", "");
        model.put("name", "");
        model.put("expiresInDays", "90");
        model.put("createUrl", "/account/api-tokens");
        model.put("revokeUrl", "/account/api-tokens/revoke");
        model.put("csrfField", "csrf");
        model.put("csrfValue", "csrf-value");
        return model;
    }

    private static Map<String, Object> row(String id, String name, String lastUsedAt, boolean expired) {
        return ApiTokenAccountSection.row(new ApiTokenView(id, name, TOKEN.substring(0, 8), "2026-11-01T08:00:00Z",
                "2027-01-30T08:00:00Z", lastUsedAt, expired));
    }

    private static String render(Map<String, Object> section) throws Exception {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_32);
        cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        StringTemplateLoader page = new StringTemplateLoader();
        page.putTemplate("page.ftl", "<#import \"opsknight-account-api-tokens.ftl\" as apiTokenSection><@apiTokenSection.section model=apiTokens/>");
        cfg.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[]{page, new FileTemplateLoader(LOGIN_THEME.toFile())}));
        Map<String, Object> root = new HashMap<>();
        root.put(ApiTokenAccountSection.ATTRIBUTE, section);
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
