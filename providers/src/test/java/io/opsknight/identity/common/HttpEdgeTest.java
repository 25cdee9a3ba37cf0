package io.opsknight.identity.common;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * House rule: domain code knows nothing of HTTP. Only the HTTP edge uses JAX-RS ({@code jakarta.ws.rs}) or our
 * REST helpers ({@code io.opsknight.identity.rest}): the rest package (REST root and its helpers), the
 * {@code *Resource} classes, the frame of our HTML pages ({@code pages/Page.java}: sign-in redirects, cookies,
 * the rendered answer; the pages and their sections use none of it), the two Keycloak SPI implementations whose Keycloak interface itself answers
 * with a JAX-RS {@code Response} (and which may use nothing of JAX-RS but that), and the one edge of the SCIM
 * resource types, which answers a refusal through our REST helper {@code rest.ScimErrors} and nothing else.
 */
class HttpEdgeTest {

    private static final Path SOURCES = Path.of("src/main/java/io/opsknight/identity");
    private static final Pattern HTTP = Pattern.compile("\\b(jakarta\\.ws\\.rs\\.[\\w.]+|io\\.opsknight\\.identity\\.rest\\.\\w+)");

    private static final String PAGE_FRAME = "pages/Page.java";

    /** Keycloak SPI method that returns a Response, per class allowed to use exactly {@code Response}. */
    private static final Map<String, String> SPI_EDGES = Map.of(
            "apitoken/ApiTokenGrantType.java", "OAuth2GrantType.process(Context) returns Response",
            "invitation/InvitationActionTokenHandler.java", "ActionTokenHandler.handleToken(...) returns Response");

    /**
     * Keycloak's SCIM resource answers our resource types' exceptions itself, with a fixed scimType or a 500,
     * unless the exception carries its own JAX-RS response: the class that turns our refusals into it.
     */
    private static final Map<String, String> SCIM_EDGE = Map.of(
            "scim/ScimRefusals.java", "io.opsknight.identity.rest.ScimErrors");

    @Test
    void onlyTheHttpEdgeUsesJaxRsOrTheRestPackage() throws IOException {
        Map<String, List<String>> offenders = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = SOURCES.relativize(file).toString().replace('\\', '/');
                if (name.startsWith("rest/") || name.startsWith("root/") || name.endsWith("Resource.java") || name.equals(PAGE_FRAME)) {
                    continue;
                }
                List<String> used = uses(Files.readString(file));
                if (SPI_EDGES.containsKey(name)) {
                    used = used.stream().filter(u -> !u.equals("jakarta.ws.rs.core.Response")).toList();
                }
                if (SCIM_EDGE.containsKey(name)) {
                    used = used.stream().filter(u -> !u.equals(SCIM_EDGE.get(name))).toList();
                }
                if (!used.isEmpty()) {
                    offenders.put(name, used);
                }
            }
        }
        assertThat(offenders).as("non-edge classes that use JAX-RS or the rest package").isEmpty();
    }

    @Test
    void theRuleSeesAnImportAndAFullyQualifiedUse() {
        assertThat(uses("import jakarta.ws.rs.core.MultivaluedMap;\nclass A {}")).containsExactly("jakarta.ws.rs.core.MultivaluedMap");
        assertThat(uses("class A { int s = io.opsknight.identity.rest.ApiErrors.status(null); }"))
                .containsExactly("io.opsknight.identity.rest.ApiErrors");
        assertThat(uses("package io.opsknight.identity.restless;\nclass A {}")).isEmpty();
    }

    @Test
    void theSpiEdgesExist() {
        SPI_EDGES.keySet().forEach(name -> assertThat(SOURCES.resolve(name)).as(name).isRegularFile());
        SCIM_EDGE.keySet().forEach(name -> assertThat(SOURCES.resolve(name)).as(name).isRegularFile());
        assertThat(SOURCES.resolve(PAGE_FRAME)).isRegularFile();
    }

    private static List<String> uses(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Matcher m = HTTP.matcher(code);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1).replaceAll("\\.$", ""));
        }
        return found.stream().distinct().toList();
    }
}
