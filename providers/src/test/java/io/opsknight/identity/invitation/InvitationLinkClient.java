package io.opsknight.identity.invitation;

import io.opsknight.identity.testsupport.Http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client that plays a browser on the invitation pages, without JavaScript.
 * Keeps cookies by hand: Keycloak marks them Secure on http://127.0.0.1 (a trustworthy origin for
 * browsers), which java.net's cookie handler would never send back over http.
 */
public final class InvitationLinkClient {

    private static final Pattern FORM_ACTION = Pattern.compile("id=\"opsknight-accept-invitation-form\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
    private static final Pattern STATE = Pattern.compile("id=\"opsknight-invitation-state\" data-state=\"([a-z-]+)\"");

    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The page behind a link: status, body, and the form when it is the accept page. */
    public record Page(int status, String body, String location, String formAction, Map<String, String> hidden) {
        public boolean isAcceptForm() {
            return formAction != null;
        }

        /** The data-state of the "link does not work" page, or null. */
        public String state() {
            Matcher m = STATE.matcher(body);
            return m.find() ? m.group(1) : null;
        }

        @Override
        public String toString() {
            return status + (location == null ? "" : " -> " + location) + "\n" + body;
        }
    }

    public Page open(String link) {
        return send(HttpRequest.newBuilder(URI.create(link)).GET());
    }

    /** Posts the accept form of {@code page} with the given name and passwords. */
    public Page submit(Page page, String name, String password, String confirm) {
        Map<String, String> fields = new LinkedHashMap<>(page.hidden());
        fields.put("name", name);
        fields.put("password", password);
        fields.put("password-confirm", confirm);
        return post(page.formAction(), fields);
    }

    Page post(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> Http.enc(e.getKey()) + "=" + Http.enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            synchronized (cookies) {
                if (!cookies.isEmpty()) {
                    request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
                }
            }
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            keepCookies(r.headers().allValues("Set-Cookie"));
            String body = r.body();
            Matcher action = FORM_ACTION.matcher(body);
            Map<String, String> hidden = new LinkedHashMap<>();
            Matcher h = HIDDEN.matcher(body);
            while (h.find()) {
                hidden.put(h.group(1), unescape(h.group(2)));
            }
            return new Page(r.statusCode(), body, r.headers().firstValue("Location").orElse(null),
                    action.find() ? unescape(action.group(1)) : null, hidden);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void keepCookies(java.util.List<String> setCookies) {
        synchronized (cookies) {
            for (String header : setCookies) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    continue;
                }
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
        }
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }
}
