package io.opsknight.identity.testsupport;

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
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript for our HTML pages: follows no redirect, posts forms with their hidden fields,
 * and keeps cookies by hand (Keycloak marks them Secure on http://127.0.0.1, a trustworthy origin for browsers,
 * which java.net's cookie handler would never send back over http). A route rewrites every URL before it is
 * sent, e.g. to pin the client to one node of a cluster whatever origin a link or form names.
 */
public final class PageClient {

    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>", Pattern.DOTALL);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]+)\"");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
    private static final Pattern STATE = Pattern.compile("id=\"opsknight-invitation-state\" data-state=\"([a-z-]+)\"");

    /** The id of the invitation accept page's form. */
    public static final String INVITATION_FORM = "opsknight-accept-invitation-form";

    private final UnaryOperator<String> route;
    private final Map<String, String> cookies;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public PageClient() {
        this(UnaryOperator.identity());
    }

    public PageClient(UnaryOperator<String> route) {
        this(route, new LinkedHashMap<>());
    }

    private PageClient(UnaryOperator<String> route, Map<String, String> cookies) {
        this.route = route;
        this.cookies = cookies;
    }

    /** The same browser (its cookies) whose next requests go through {@code other}, as a load balancer might. */
    public PageClient switchTo(UnaryOperator<String> other) {
        return new PageClient(other, cookies);
    }

    public record Page(int status, String body, String location, Map<String, String> hidden) {

        /** The action of the form with this id (HTML-unescaped), or null when the page has no such form. */
        public String formAction(String formId) {
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

        public boolean hasForm(String formId) {
            return formAction(formId) != null;
        }

        /** Whether this is the invitation accept page with its form. */
        public boolean isInvitationForm() {
            return hasForm(INVITATION_FORM);
        }

        /** The data-state of the invitation's "link does not work" page, or null. */
        public String invitationState() {
            Matcher m = STATE.matcher(body);
            return m.find() ? m.group(1) : null;
        }

        @Override
        public String toString() {
            return status + (location == null ? "" : " -> " + location) + "\n" + body;
        }
    }

    public Page open(String url) {
        return send(HttpRequest.newBuilder(URI.create(route.apply(url))).GET());
    }

    /** Posts the form with this id on {@code page}: its hidden fields plus {@code fields}. */
    public Page submit(Page page, String formId, Map<String, String> fields) {
        String action = page.formAction(formId);
        if (action == null) {
            throw new AssertionError("No form '" + formId + "' on the page:\n" + page);
        }
        Map<String, String> all = new LinkedHashMap<>(page.hidden());
        all.putAll(fields);
        return post(action, all);
    }

    /** Accepts an invitation on its page: name, password and its confirmation. */
    public Page acceptInvitation(Page form, String name, String password, String confirm) {
        return submit(form, INVITATION_FORM, Map.of("name", name, "password", password, "password-confirm", confirm));
    }

    /** Posts exactly these fields, as a forged or replayed form would. */
    public Page post(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> Http.enc(e.getKey()) + "=" + Http.enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(route.apply(url)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Page send(HttpRequest.Builder request) {
        synchronized (cookies) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
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
        synchronized (cookies) {
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
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }
}
