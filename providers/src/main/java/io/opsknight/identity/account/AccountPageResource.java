package io.opsknight.identity.account;

import io.opsknight.identity.common.Refusals;
import io.opsknight.identity.rest.PageCookie;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.profile.Gravatar;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.roles.UserRoles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Base64Url;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
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
import org.keycloak.utils.MediaType;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /realms/{realm}/opsknight/account}: the person's own account page, rendered with the realm's
 * login theme (template {@code opsknight-account.ftl}, which includes one {@code opsknight-account-<id>.ftl}
 * per {@link AccountSection}).
 * <p>
 * Sign-in: the page is signed in when the browser's Keycloak SSO cookie names a live session of an
 * ACTIVE user. Otherwise it sends the browser through the realm's own login page as the public client
 * {@value AccountClient#CLIENT_ID} (authorization code, state, PKCE S256; state and verifier wait in a
 * short-lived cookie), and on the way back redeems the code in-process (one use, PKCE and redirect
 * URI checked, like the token endpoint) before showing the page.
 * <p>
 * Form posts go to {@code account/<section>/<action>} and count only with the page's CSRF token
 * ({@link AccountCsrf}); without it nothing changes and the answer is 403.
 */
public class AccountPageResource {

    private static final Logger LOG = Logger.getLogger(AccountPageResource.class);
    static final String TEMPLATE = "opsknight-account.ftl";
    static final String LOGIN_COOKIE = "OPSKNIGHT_ACCOUNT_LOGIN";
    private static final int LOGIN_COOKIE_SECONDS = 30 * 60;

    private final KeycloakSession session;
    private final RealmModel realm;

    public AccountPageResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Path("")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response page() {
        LocaleUtil.processLocaleParam(session, realm, null);
        MultivaluedMap<String, String> query = session.getContext().getUri().getQueryParameters();
        if (query.containsKey(OAuth2Constants.CODE) || query.containsKey(OAuth2Constants.ERROR)) {
            return callback(query);
        }
        AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        if (auth == null) {
            return redirectToLogin();
        }
        if (UserStatus.of(auth.user()) != UserStatus.ACTIVE) {
            return message("opsknightAccountNotActive", Response.Status.FORBIDDEN);
        }
        AccountContext ctx = context(auth);
        return render(ctx, null, null, Response.Status.OK);
    }

    /** A section's form post: signed in, ACTIVE, CSRF token of this session, then the section decides. */
    @POST
    @Path("{section}/{action}")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response post(@PathParam("section") String sectionId, @PathParam("action") String action) {
        LocaleUtil.processLocaleParam(session, realm, null);
        AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        if (auth == null) {
            return message("opsknightAccountSignedOut", Response.Status.UNAUTHORIZED);
        }
        if (UserStatus.of(auth.user()) != UserStatus.ACTIVE) {
            return message("opsknightAccountNotActive", Response.Status.FORBIDDEN);
        }
        AccountContext ctx = context(auth);
        AccountSection section = AccountSections.byId(sectionId).filter(s -> s.visible(ctx)).orElse(null);
        if (section == null) {
            return message("opsknightAccountUnknownAction", Response.Status.NOT_FOUND);
        }
        AccountForm form = formParameters();
        if (!AccountCsrf.matches(auth.session(), form.get(AccountCsrf.FIELD))) {
            Refusals.log(session, 403, "csrf_mismatch", "account page: a " + sectionId + "/" + action + " post without the page's CSRF token");
            return render(ctx, new Posted(sectionId, action, null, Map.of()), "opsknightAccountFormExpired", Response.Status.FORBIDDEN);
        }
        AccountOutcome outcome;
        try {
            outcome = section.handle(ctx, action, form);
        } catch (OpsKnightException e) {
            session.getTransactionManager().setRollbackOnly();
            Response.Status status = e.reason() == OpsKnightException.Reason.INVALID ? Response.Status.BAD_REQUEST
                    : Response.Status.fromStatusCode(io.opsknight.identity.rest.ApiErrors.status(e.reason()));
            return render(ctx, new Posted(sectionId, action, null, form.shownAgain()), "opsknightAccountRefused", status, e.getMessage());
        }
        if (outcome == null) {
            return message("opsknightAccountUnknownAction", Response.Status.NOT_FOUND);
        }
        if (!outcome.ok()) {
            // Committed: sections validate before they write, and a counted try (phone code) must stay counted.
            return render(ctx, new Posted(sectionId, action, outcome, outcome.values()), null, Response.Status.BAD_REQUEST);
        }
        return render(ctx, new Posted(sectionId, action, outcome, Map.of()), null, Response.Status.OK);
    }

    // ---- sign-in ----------------------------------------------------------------------------

    private Response redirectToLogin() {
        ClientModel client = AccountClient.ensure(session, realm);
        String state = Base64Url.encode(SecretGenerator.getInstance().randomBytes(24));
        String verifier = PkceUtils.generateCodeVerifier();
        String locale = session.getContext().getUri().getQueryParameters().getFirst("kc_locale");
        boolean withLocale = locale != null && locale.matches("[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*");
        // state.verifier[.locale]: the chosen language comes back with us and stays chosen after sign-in.
        loginCookie().set(state + "." + verifier + (withLocale ? "." + locale : ""), LOGIN_COOKIE_SECONDS);
        UriBuilder auth = session.getContext().getUri().getBaseUriBuilder()
                .path("realms").path(realm.getName()).path("protocol").path(OIDCLoginProtocol.LOGIN_PROTOCOL).path("auth")
                .queryParam(OAuth2Constants.CLIENT_ID, client.getClientId())
                .queryParam(OAuth2Constants.REDIRECT_URI, pageUri().toString())
                .queryParam(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE)
                .queryParam(OAuth2Constants.SCOPE, "openid")
                .queryParam(OAuth2Constants.STATE, state)
                .queryParam(OAuth2Constants.CODE_CHALLENGE, PkceUtils.encodeCodeChallenge(verifier, OAuth2Constants.PKCE_METHOD_S256))
                .queryParam(OAuth2Constants.CODE_CHALLENGE_METHOD, OAuth2Constants.PKCE_METHOD_S256);
        if (withLocale) {
            auth.queryParam(OAuth2Constants.UI_LOCALES_PARAM, locale);
        }
        return Response.seeOther(auth.build()).header("Cache-Control", "no-store").build();
    }

    /** Back from the login page: the state must match our cookie and the code redeem with our verifier. */
    private Response callback(MultivaluedMap<String, String> query) {
        String cookie = loginCookie().read();
        loginCookie().expire();
        String state = query.getFirst(OAuth2Constants.STATE);
        String[] pair = cookie == null ? new String[0] : cookie.split("\\.", 3);
        if (pair.length < 2 || state == null || !java.security.MessageDigest.isEqual(pair[0].getBytes(), state.getBytes())) {
            LOG.debugf("account page of realm %s: sign-in callback without matching state", realm.getName());
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
        boolean ours = AccountClient.CLIENT_ID.equals(parsed.getClientSession().getClient().getClientId())
                && pageUri().toString().equals(code.getRedirectUriParam())
                && code.getCodeChallenge() != null
                && PkceUtils.validateCodeChallenge(pair[1], code.getCodeChallenge(), code.getCodeChallengeMethod());
        if (!ours) {
            LOG.debugf("account page of realm %s: refused a code of another client, redirect or verifier", realm.getName());
            return message("opsknightAccountSignInFailed", Response.Status.BAD_REQUEST);
        }
        UriBuilder clean = UriBuilder.fromUri(pageUri());
        if (pair.length == 3) {
            clean.queryParam("kc_locale", pair[2]);
        }
        return Response.seeOther(clean.build()).header("Cache-Control", "no-store").build();
    }

    // ---- rendering ---------------------------------------------------------------------------

    private AccountContext context(AuthResult auth) {
        session.getContext().setAuthenticationSession(null);
        UserModel user = auth.user();
        return new AccountContext(session, realm, user, auth.session(), UserRoles.roleOf(realm, user));
    }

    /** What a post left for the page to show: which section, its outcome, the values to show again. */
    public record Posted(String section, String action, AccountOutcome outcome, Map<String, String> values) {
    }

    private Response render(AccountContext ctx, Posted posted, String error, Response.Status status, Object... errorParams) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("state", "page");
        account.put("csrf", AccountCsrf.token(ctx.userSession()));
        account.put("actionBase", pageUri().toString());
        account.put("pageUrl", pageUri().toString());
        account.put("signOutUrl", signOutUri().toString());
        UserModel user = ctx.user();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", user.getId());
        me.put("email", user.getEmail() == null ? "" : user.getEmail());
        String name = PersonInput.displayName(user);
        me.put("name", name == null ? "" : name);
        me.put("avatar", Gravatar.url(user.getEmail()) == null ? "" : Gravatar.url(user.getEmail()));
        me.put("role", ctx.role().name());
        account.put("user", me);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (AccountSection section : AccountSections.ALL) {
            if (!section.visible(ctx)) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", section.id());
            entry.put("template", "opsknight-account-" + section.id() + ".ftl");
            entry.put("model", section.model(ctx));
            sections.add(entry);
        }
        account.put("sections", sections);
        Map<String, Object> postedModel = new LinkedHashMap<>();
        postedModel.put("section", posted == null ? "" : posted.section());
        postedModel.put("action", posted == null ? "" : posted.action());
        postedModel.put("values", posted == null ? Map.of() : posted.values());
        boolean ok = posted != null && posted.outcome() != null && posted.outcome().ok();
        postedModel.put("ok", ok);
        postedModel.put("messageKey", ok ? posted.outcome().messageKey() : "");
        postedModel.put("messageParams", ok ? posted.outcome().params().stream().map(String::valueOf).toList() : List.of());
        account.put("posted", postedModel);

        LoginFormsProvider forms = forms(account, status);
        if (posted != null && posted.outcome() != null) {
            for (FormMessage e : posted.outcome().errors()) {
                forms.addError(e);
            }
            if (ok) {
                forms.setSuccess(posted.outcome().messageKey(), posted.outcome().params().toArray());
            }
        }
        if (error != null) {
            forms.setError(error, errorParams);
        }
        return forms.createForm(TEMPLATE);
    }

    private Response message(String messageKey, Response.Status status) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("state", "message");
        account.put("messageKey", messageKey);
        account.put("pageUrl", pageUri().toString());
        return forms(account, status).createForm(TEMPLATE);
    }

    private LoginFormsProvider forms(Map<String, Object> account, Response.Status status) {
        return session.getProvider(LoginFormsProvider.class)
                .setAttribute("account", account)
                .setStatus(status)
                .setActionUri(pageUri())
                .setResponseHeader("Cache-Control", "no-store")
                .setResponseHeader("Referrer-Policy", "no-referrer");
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** The page's own URL as the browser reaches it (also the redirect URI of the sign-in). */
    URI pageUri() {
        return AccountClient.pageUrl(session, realm);
    }

    private URI signOutUri() {
        return session.getContext().getUri().getBaseUriBuilder()
                .path("realms").path(realm.getName()).path("protocol").path(OIDCLoginProtocol.LOGIN_PROTOCOL).path("logout")
                .queryParam(OAuth2Constants.CLIENT_ID, AccountClient.CLIENT_ID)
                .queryParam("post_logout_redirect_uri", pageUri().toString())
                .build();
    }

    private AccountForm formParameters() {
        try {
            return AccountForm.of(session.getContext().getHttpRequest().getDecodedFormParameters());
        } catch (RuntimeException e) {
            return AccountForm.of(null);
        }
    }

    /** Lax: the browser must send it on the top-level redirect back from the login page. */
    private PageCookie loginCookie() {
        return new PageCookie(session, LOGIN_COOKIE, AccountClient.pagePath(realm), NewCookie.SameSite.LAX);
    }
}
