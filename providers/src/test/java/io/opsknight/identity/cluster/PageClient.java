package io.opsknight.identity.cluster;

import io.opsknight.identity.testsupport.Http;
import io.opsknight.identity.testsupport.KeycloakServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript, pinned to one node: every page and every form post goes to that node,
 * whatever origin the link or the form's action names (both nodes write node A's, the cluster's
 * hostname). Keeps cookies by hand: Keycloak marks them Secure, which java.net would not send over http.
 */
final class PageClient {

    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>", Pattern.DOTALL);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]+)\"");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
    private static final Pattern STATE = Pattern.compile("id=\"opsknight-invitation-state\" data-state=\"([a-z-]+)\"");

    private final KeycloakServer node;
    private final Map<String, String> cookies;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    PageClient(KeycloakServer node) {
        this(node, new LinkedHashMap<>());
    }

    private PageClient(KeycloakServer node, Map<String, String> cookies) {
        this.node = node;
        this.cookies = cookies;
    }

    /** The same browser (its cookies) whose next requests a load balancer sends to {@code other}. */
    PageClient switchTo(KeycloakServer other) {
        return new PageClient(other, cookies);
    }

    record Page(int status, String body, String location, Map<String, String> hidden) {

        /** The action of the form with this id (HTML-unescaped), or null. */
        String formAction(String formId) {
            Matcher form = FORM.matcher(body);
            while (form.find()) {
                String tag = form.group();
                if (tag.contains("id=\"" + formId + "\"")) {
                    Matcher action = ACTION.matcher(tag);
                    return action.find() ? unescape(action.group(1)) : null;
                }
            }
            return null;
        }

        /** The data-state of the invitation's "link does not work" page, or null. */
        String invitationState() {
            Matcher m = STATE.matcher(body);
            return m.find() ? m.group(1) : null;
        }

        @Override
        public String toString() {
            return status + (location == null ? "" : " -> " + location) + "\n" + body;
        }
    }

    Page open(String url) {
        return send(HttpRequest.newBuilder(URI.create(ClusterNodes.on(node, url))).GET());
    }

    /** Posts the form with this id on {@code page} (its hidden fields plus {@code fields}) to this client's node. */
    Page submit(Page page, String formId, Map<String, String> fields) {
        String action = page.formAction(formId);
        if (action == null) {
            throw new AssertionError("No form '" + formId + "' on the page:\n" + page);
        }
        Map<String, String> all = new LinkedHashMap<>(page.hidden());
        all.putAll(fields);
        String body = all.entrySet().stream().map(e -> Http.enc(e.getKey()) + "=" + Http.enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(ClusterNodes.on(node, action)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Page send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> r = client.send(request.header("Accept", "text/html").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            keepCookies(r.headers().allValues("Set-Cookie"));
            Map<String, String> hidden = new LinkedHashMap<>();
            Matcher h = HIDDEN.matcher(r.body());
            while (h.find()) {
                hidden.put(h.group(1), unescape(h.group(2)));
            }
            return new Page(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null), hidden);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void keepCookies(List<String> setCookies) {
        for (String header : setCookies) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq < 1) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.isEmpty() || header.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }
}
