package io.opsknight.identity.pages;

import io.opsknight.identity.rest.NoStore;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.common.Refusals;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.profile.Gravatar;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.PageCookie;
import io.opsknight.identity.roles.UserRoles;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Base64Url;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.OAuth2Code;
import org.keycloak.protocol.oidc.utils.OAuth2CodeParser;
import org.keycloak.protocol.oidc.utils.PkceUtils;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.util.LocaleUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The frame of our signed-in pages (account, People, a person), rendered with the realm's login theme.
 * A page is one subclass (its sections, who may see it, its template name) and one template
 * {@code <name>.ftl}, which includes {@code <name>-<section id>.ftl} per {@link PageSection}.
 * <p>
 * Sign-in: the page is signed in when the browser's Keycloak SSO cookie names a live session of an
 * ACTIVE user. Otherwise it sends the browser through the realm's own login page as the public client
 * {@value PageClient#CLIENT_ID} (authorization code, state, PKCE S256; state and verifier wait in a
 * short-lived cookie), and on the way back redeems the code in-process (one use, PKCE and redirect
 * URI checked, like the token endpoint) before showing the page. The redirect URI is the page's home
 * ({@link PageUrls}): a sign-in started on a person's page comes back to the People list.
 * <p>
 * Form posts go to {@code <page url>/<section>/<action>} and count only with the page's CSRF token
 * ({@link PageCsrf}); without it nothing changes and the answer is 403.
 * <p>
 * Templates see {@code page}: {@code state} ("page" or "message"), {@code csrf}, {@code actionBase},
 * {@code user} (the signed-in person), {@code sections} (id, template, model), {@code posted} (section,
 * action, ok, values, messageKey, messageParams) and whatever {@link #describe} adds.
 */
public abstract class Page {

    private static final Logger LOG = Logger.getLogger(Page.class);
    static final String LOGIN_COOKIE = "OPSKNIGHT_ACCOUNT_LOGIN";
    private static final int LOGIN_COOKIE_SECONDS = 30 * 60;
    /** An outcome value that asks the template for a confirmation step instead of a success message. */
    public static final String CONFIRM = "confirm";
    /** The most of one multipart part a page reads: above any field's limit (1 MB for a CSV file). */
    static final int MAX_PART_BYTES = 1024 * 1024 + 1;

    protected final KeycloakSession session;
    protected final RealmModel realm;
    private final String home;

    /** @param home the page whose URL is the sign-in's redirect URI, one of {@link PageClient#PAGES} */
    protected Page(KeycloakSession session, String home) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.home = home;
    }

    /** The template's name without {@code .ftl}; sections are {@code <name>-<id>.ftl}. */
    protected abstract String template();

    /** The sections, in page order. */
    protected abstract List<PageSection> sections();

    /** Null when the signed-in ACTIVE person may see this page, else the message key of the 403 page. */
    protected String refusal(PageContext ctx) {
        return null;
    }

    /** Page-wide model for the template (e.g. the person shown). May throw a refusal (e.g. not found). */
    protected void describe(PageContext ctx, Map<String, Object> page) {
    }

    /** This page's own URL; its forms post below it. */
    protected URI url() {
        return homeUrl();
    }

    /** GET: signs in (or finishes signing in), then shows the page. */
    public Response show() {
        LocaleUtil.processLocaleParam(session, realm, null);
        MultivaluedMap<String, String> query = session.getContext().getUri().getQueryParameters();
        if (query.containsKey(OAuth2Constants.CODE) || query.containsKey(OAuth2Constants.ERROR)) {
            return callback(query);
        }
        AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        if (auth == null) {
            return redirectToLogin();
        }
        return signedIn(auth, null, (ctx, form) -> render(ctx, null, null, Response.Status.OK));
    }

    /** A section's form post: signed in, ACTIVE, allowed, CSRF token of this session, then the section decides. */
    public Response post(String sectionId, String action) {
        LocaleUtil.processLocaleParam(session, realm, null);
        AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        if (auth == null) {
            return message("opsknightAccountSignedOut", Response.Status.UNAUTHORIZED);
        }
        return signedIn(auth, formParameters(), (ctx, form) -> handle(ctx, auth, sectionId, action, form));
    }

    /** A file the signed-in person downloads from the page (e.g. the list as CSV), written while it is sent. */
    public record Download(String fileName, String contentType, Body body) {
    }

    /** Writes a download; it runs after the request's transaction has ended, so it opens its own. */
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * GET of a download (a link on the page): the same sign-in, status and permission checks as showing the
     * page, then the file as an attachment. Signed out, it goes through the login like the page.
     */
    public Response download(Function<PageContext, Download> prepare) {
        LocaleUtil.processLocaleParam(session, realm, null);
        AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        if (auth == null) {
            return redirectToLogin();
        }
        return signedIn(auth, null, (ctx, form) -> {
            Download download = prepare.apply(ctx);
            StreamingOutput body = download.body()::write;
            return Response.ok(body).type(download.contentType())
                    .header("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"")
                    .header(NoStore.HEADER, NoStore.VALUE)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .build();
        });
    }

    private interface Step {
        Response run(PageContext ctx, PageForm form);
    }

    private Response signedIn(AuthResult auth, PageForm form, Step step) {
        if (UserStatus.of(auth.user()) != UserStatus.ACTIVE) {
            return message("opsknightAccountNotActive", Response.Status.FORBIDDEN);
        }
        session.getContext().setAuthenticationSession(null);
        UserModel user = auth.user();
        PageContext ctx = new PageContext(session, realm, user, auth.session(), UserRoles.roleOf(realm, user),
                PageForm.of(session.getContext().getUri().getQueryParameters()));
        String refused = refusal(ctx);
        if (refused != null) {
            Refusals.log(session, 403, "page_forbidden", template() + ": signed in without the permission to see it");
            return message(refused, Response.Status.FORBIDDEN);
        }
        try {
            return step.run(ctx, form);
        } catch (OpsKnightException e) {
            // A refusal before any section ran (e.g. an unknown person): nothing to show but the sentence.
            session.getTransactionManager().setRollbackOnly();
            return message("opsknightPageRefused", Response.Status.fromStatusCode(ApiErrors.status(e.reason())), e.getMessage());
        }
    }

    private Response handle(PageContext ctx, AuthResult auth, String sectionId, String action, PageForm form) {
        describe(ctx, new LinkedHashMap<>()); // the page's own refusals (an unknown person) come before the section's
        PageSection section = sections().stream().filter(s -> s.id().equals(sectionId) && s.visible(ctx)).findFirst().orElse(null);
        if (section == null) {
            return message("opsknightAccountUnknownAction", Response.Status.NOT_FOUND);
        }
        if (!PageCsrf.matches(auth.session(), form.get(PageCsrf.FIELD))) {
            Refusals.log(session, 403, "csrf_mismatch", template() + ": a " + sectionId + "/" + action + " post without the page's CSRF token");
            return render(ctx, new Posted(sectionId, action, null, Map.of()), "opsknightAccountFormExpired", Response.Status.FORBIDDEN);
        }
        PageOutcome outcome;
        try {
            outcome = section.handle(ctx, action, form);
        } catch (OpsKnightException e) {
            session.getTransactionManager().setRollbackOnly();
            Response.Status status = e.reason() == OpsKnightException.Reason.INVALID ? Response.Status.BAD_REQUEST
                    : Response.Status.fromStatusCode(ApiErrors.status(e.reason()));
            return render(ctx, new Posted(sectionId, action, null, form.shownAgain()), "opsknightAccountRefused", status, e.getMessage());
        }
        if (outcome == null) {
            return message("opsknightAccountUnknownAction", Response.Status.NOT_FOUND);
        }
        if (outcome.redirect() != null) {
            // The subject of the page is gone (a revoked invitation's person): show where they were listed.
            return Response.seeOther(outcome.redirect()).header(NoStore.HEADER, NoStore.VALUE).build();
        }
        if (!outcome.ok()) {
            // Committed: sections validate before they write, and a counted try (phone code) must stay counted.
            return render(ctx, new Posted(sectionId, action, outcome, outcome.values()), null, Response.Status.BAD_REQUEST);
        }
        return render(ctx, new Posted(sectionId, action, outcome, outcome.values()), null, Response.Status.OK);
    }

    // ---- sign-in ----------------------------------------------------------------------------

    private Response redirectToLogin() {
        ClientModel client = PageClient.ensure(session, realm);
        String state = Base64Url.encode(SecretGenerator.getInstance().randomBytes(24));
        String verifier = PkceUtils.generateCodeVerifier();
        String locale = session.getContext().getUri().getQueryParameters().getFirst("kc_locale");
        boolean withLocale = locale != null && locale.matches("[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*");
        // state.verifier[.locale]: the chosen language comes back with us and stays chosen after sign-in.
        loginCookie().set(state + "." + verifier + (withLocale ? "." + locale : ""), LOGIN_COOKIE_SECONDS);
        UriBuilder auth = session.getContext().getUri().getBaseUriBuilder()
                .path("realms").path(realm.getName()).path("protocol").path(OIDCLoginProtocol.LOGIN_PROTOCOL).path("auth")
                .queryParam(OAuth2Constants.CLIENT_ID, client.getClientId())
                .queryParam(OAuth2Constants.REDIRECT_URI, homeUrl().toString())
                .queryParam(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE)
                .queryParam(OAuth2Constants.SCOPE, "openid")
                .queryParam(OAuth2Constants.STATE, state)
                .queryParam(OAuth2Constants.CODE_CHALLENGE, PkceUtils.encodeCodeChallenge(verifier, OAuth2Constants.PKCE_METHOD_S256))
                .queryParam(OAuth2Constants.CODE_CHALLENGE_METHOD, OAuth2Constants.PKCE_METHOD_S256);
        if (withLocale) {
            auth.queryParam(OAuth2Constants.UI_LOCALES_PARAM, locale);
        }
        return Response.seeOther(auth.build()).header(NoStore.HEADER, NoStore.VALUE).build();
    }

    /** Back from the login page: the state must match our cookie and the code redeem with our verifier. */
    private Response callback(MultivaluedMap<String, String> query) {
        String cookie = loginCookie().read();
        loginCookie().expire();
        String state = query.getFirst(OAuth2Constants.STATE);
        String[] pair = cookie == null ? new String[0] : cookie.split("\\.", 3);
        if (pair.length < 2 || state == null || !MessageDigest.isEqual(pair[0].getBytes(), state.getBytes())) {
            LOG.debugf("%s of realm %s: sign-in callback without matching state", home, realm.getName());
            return message("opsknightAccountSignInFailed", Response.Status.BAD_REQUEST);
        }
        if (query.containsKey(OAuth2Constants.ERROR)) {
            return message("opsknightAccountSignInFailed", Response.Status.BAD_REQUEST);
        }
        OAuth2CodeParser.ParseResult parsed = OAuth2CodeParser.parseCode(session, query.getFirst(OAuth2Constants.CODE), realm,
                new EventBuilder(realm, session, session.getContext().getConnection()));
        if (parsed.isIllegalCode() || parsed.isExpiredCode() || parsed.getClientSession() == null) {
            return message("opsknightAccountSignInFailed", Response.Status.BAD_REQUEST);
        }
        OAuth2Code code = parsed.getCodeData();
        boolean ours = PageClient.CLIENT_ID.equals(parsed.getClientSession().getClient().getClientId())
                && homeUrl().toString().equals(code.getRedirectUriParam())
                && code.getCodeChallenge() != null
                && PkceUtils.validateCodeChallenge(pair[1], code.getCodeChallenge(), code.getCodeChallengeMethod());
        if (!ours) {
            LOG.debugf("%s of realm %s: refused a code of another client, redirect or verifier", home, realm.getName());
            return message("opsknightAccountSignInFailed", Response.Status.BAD_REQUEST);
        }
        UriBuilder clean = UriBuilder.fromUri(homeUrl());
        if (pair.length == 3) {
            clean.queryParam("kc_locale", pair[2]);
        }
        return Response.seeOther(clean.build()).header(NoStore.HEADER, NoStore.VALUE).build();
    }

    // ---- rendering ---------------------------------------------------------------------------

    /** What a post left for the page to show: which section, its outcome, the values to show again. */
    record Posted(String section, String action, PageOutcome outcome, Map<String, String> values) {
    }

    private Response render(PageContext ctx, Posted posted, String error, Response.Status status, Object... errorParams) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("state", "page");
        page.put("csrf", PageCsrf.token(ctx.userSession()));
        page.put("actionBase", url().toString());
        page.put("pageUrl", url().toString());
        page.put("accountUrl", PageUrls.account(session, realm).toString());
        page.put("peopleUrl", PageUrls.people(session, realm).toString());
        page.put("signOutUrl", signOutUri().toString());
        UserModel user = ctx.user();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", user.getId());
        me.put("email", user.getEmail() == null ? "" : user.getEmail());
        String name = PersonInput.displayName(user);
        me.put("name", name == null ? "" : name);
        String avatar = Gravatar.url(user.getEmail());
        me.put("avatar", avatar == null ? "" : avatar);
        me.put("role", ctx.role().name());
        page.put("user", me);
        describe(ctx, page);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (PageSection section : sections()) {
            if (!section.visible(ctx)) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", section.id());
            entry.put("template", template() + "-" + section.id() + ".ftl");
            entry.put("model", section.model(ctx));
            sections.add(entry);
        }
        page.put("sections", sections);
        Map<String, Object> postedModel = new LinkedHashMap<>();
        postedModel.put("section", posted == null ? "" : posted.section());
        postedModel.put("action", posted == null ? "" : posted.action());
        postedModel.put("values", posted == null ? Map.of() : posted.values());
        boolean ok = posted != null && posted.outcome() != null && posted.outcome().ok();
        postedModel.put("ok", ok);
        postedModel.put("messageKey", ok ? posted.outcome().messageKey() : "");
        postedModel.put("messageParams", ok ? posted.outcome().params().stream().map(String::valueOf).toList() : List.of());
        page.put("posted", postedModel);

        LoginFormsProvider forms = forms(page, status);
        if (posted != null && posted.outcome() != null) {
            for (FormMessage e : posted.outcome().errors()) {
                forms.addError(e);
            }
            if (ok && !posted.values().containsKey(CONFIRM)) {
                forms.setSuccess(posted.outcome().messageKey(), posted.outcome().params().toArray());
            }
        }
        if (error != null) {
            forms.setError(error, errorParams);
        }
        return forms.createForm(template() + ".ftl");
    }

    private Response message(String messageKey, Response.Status status, Object... params) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("state", "message");
        page.put("messageKey", messageKey);
        page.put("messageParams", List.of(params).stream().map(String::valueOf).toList());
        page.put("pageUrl", url().toString());
        page.put("accountUrl", PageUrls.account(session, realm).toString());
        return forms(page, status).createForm(template() + ".ftl");
    }

    private LoginFormsProvider forms(Map<String, Object> page, Response.Status status) {
        return session.getProvider(LoginFormsProvider.class)
                .setAttribute("page", page)
                .setStatus(status)
                .setActionUri(url())
                .setResponseHeader(NoStore.HEADER, NoStore.VALUE)
                .setResponseHeader("Referrer-Policy", "no-referrer");
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** The home page's URL as the browser reaches it: the sign-in's redirect URI. */
    private URI homeUrl() {
        return PageUrls.url(session, realm, home);
    }

    private URI signOutUri() {
        return session.getContext().getUri().getBaseUriBuilder()
                .path("realms").path(realm.getName()).path("protocol").path(OIDCLoginProtocol.LOGIN_PROTOCOL).path("logout")
                .queryParam(OAuth2Constants.CLIENT_ID, PageClient.CLIENT_ID)
                .queryParam("post_logout_redirect_uri", homeUrl().toString())
                .build();
    }

    private PageForm formParameters() {
        try {
            HttpRequest request = session.getContext().getHttpRequest();
            MediaType type = request.getHttpHeaders().getMediaType();
            if (type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)) {
                // A form with a file (the CSV of "Invite many"): each part as text.
                Map<String, List<String>> fields = new LinkedHashMap<>();
                request.getMultiPartFormParameters().forEach((name, parts) -> {
                    for (FormPartValue part : parts) {
                        fields.computeIfAbsent(name, n -> new ArrayList<>()).add(text(part));
                    }
                });
                return PageForm.of(fields);
            }
            return PageForm.of(request.getDecodedFormParameters());
        } catch (RuntimeException e) {
            return PageForm.of(null);
        }
    }

    /**
     * A part as UTF-8 text, read up to {@link #MAX_PART_BYTES} (a longer one is cut there, so a section that
     * limits its size sees it too long). Bytes that are not UTF-8 (a binary file) become a NUL character,
     * which no field accepts.
     */
    private static String text(FormPartValue part) {
        try (InputStream in = part.asInputStream()) {
            byte[] bytes = in.readNBytes(MAX_PART_BYTES);
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return "\u0000";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lax: the browser must send it on the top-level redirect back from the login page. */
    private PageCookie loginCookie() {
        return new PageCookie(session, LOGIN_COOKIE, PageUrls.path(realm, home), NewCookie.SameSite.LAX);
    }
}
