package io.opsknight.identity.setup;

import io.opsknight.identity.rest.NoStore;
import io.opsknight.identity.metrics.Meters;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.common.Refusals;
import io.opsknight.identity.rest.PageCookie;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiException;
import io.opsknight.identity.rest.ApiResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.Urls;
import org.keycloak.services.util.LocaleUtil;
import org.keycloak.theme.Theme;
import org.keycloak.utils.MediaType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /realms/{realm}/opsknight/setup}: the page that creates a realm's first ADMIN. Public (no
 * token): it exists only while the realm has no users and was never set up, checked on every GET
 * and POST; otherwise 404. Rendered with the realm's login theme (template opsknight-setup.ftl).
 * <p>
 * Refusals: 403 for a missing or mismatched CSRF pair or a wrong setup key, 429 with {@code Retry-After} for a
 * wrong key from an address that is slowed down (a right key is always taken), 400 for invalid input,
 * 409 for a submit that lost the race, 404 once set up (JSON 404 in realms without the OpsKnight
 * roles, e.g. master), 503 when the policy or the theme make setup impossible. The generated password
 * appears once, in the CREATED page, which is sent with {@code Cache-Control: no-store}.
 */
public class SetupResource extends ApiResource {

    private static final Logger LOG = Logger.getLogger(SetupResource.class);
    private static final String TEMPLATE = "opsknight-setup.ftl";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SetupService setup;

    public SetupResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.setup = session.getProvider(SetupService.class);
    }

    /**
     * Applies ?kc_locale (the page's language menu; Keycloak remembers it in its locale cookie) and
     * tells whether setup is open; 404 JSON for a realm without OpsKnight's roles.
     */
    private boolean isOpen() {
        LocaleUtil.processLocaleParam(session, realm, null);
        SetupService.State state = setup.state(realm);
        if (state == SetupService.State.NOT_APPLICABLE) {
            throw ApiException.notFound("This realm has no OpsKnight setup page.");
        }
        requireTemplate();
        return state == SetupService.State.OPEN;
    }

    @GET
    @Path("")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response page() {
        if (!isOpen()) {
            return closed(Response.Status.NOT_FOUND);
        }
        SetupKeys.ensure(session, realm, setup.key());
        String existing = csrfCookie().read();
        String token = SetupCsrf.wellFormed(existing) ? existing : SetupCsrf.newToken();
        return form(token, "", "", List.of(), null, Response.Status.OK);
    }

    @POST
    @Path("")
    @Produces(MediaType.TEXT_HTML_UTF_8)
    public Response submit() {
        if (!isOpen()) {
            csrfCookie().expire();
            return closed(Response.Status.NOT_FOUND);
        }
        MultivaluedMap<String, String> form = formParameters();
        String email = trim(form.getFirst("email"));
        String name = trim(form.getFirst("name"));

        String cookie = csrfCookie().read();
        if (!SetupCsrf.matches(cookie, form.getFirst(SetupCsrf.FIELD))) {
            Refusals.log(session, 403, "csrf_mismatch", "setup page: a POST without a matching CSRF cookie and field");
            return form(SetupCsrf.newToken(), email, name, List.of(), "opsknightSetupFormExpired", Response.Status.FORBIDDEN);
        }
        SetupKeys.KeyCheck keyCheck = SetupKeys.check(session, realm, setup.key(), form.getFirst("setupKey"),
                session.getContext().getConnection().getRemoteAddr());
        if (keyCheck.check() == SetupKeys.Check.GONE) {
            // Another submit won the race and took the key with it: the same answer as a lost claim.
            csrfCookie().expire();
            return closed(Response.Status.CONFLICT);
        }
        if (keyCheck.check() == SetupKeys.Check.SLOWED) {
            Refusals.log(session, 429, "setup_slowed", "setup page: a wrong setup key from an address that is slowed down");
            Meters.setupKeyRefused(realm, "slowed");
            return form(cookie, email, name, List.of(new FormMessage("setupKey", "opsknightSetupSlowDown", keyCheck.retryAfterSeconds())),
                    null, Response.Status.TOO_MANY_REQUESTS, keyCheck.retryAfterSeconds());
        }
        if (keyCheck.check() == SetupKeys.Check.WRONG) {
            Refusals.log(session, 403, "wrong_setup_key", "setup page: a wrong setup key");
            Meters.setupKeyRefused(realm, "wrong");
            return form(cookie, email, name, List.of(new FormMessage("setupKey", "opsknightSetupWrongKey")), null,
                    Response.Status.FORBIDDEN, keyCheck.retryAfterSeconds());
        }

        List<FormMessage> errors = new ArrayList<>();
        if (email.isEmpty()) {
            errors.add(new FormMessage("email", "opsknightSetupEmailRequired"));
        } else if (PersonInput.email(email).isEmpty()) {
            errors.add(new FormMessage("email", "opsknightSetupEmailInvalid"));
        }
        if (name.isEmpty()) {
            errors.add(new FormMessage("name", "opsknightSetupNameRequired"));
        } else if (PersonInput.name(name).isEmpty()) {
            errors.add(new FormMessage("name", "opsknightSetupNameTooLong", PersonInput.MAX_NAME_LENGTH));
        }
        if (!errors.isEmpty()) {
            return form(cookie, email, name, errors, null, Response.Status.BAD_REQUEST);
        }

        SetupService.Created created;
        try {
            created = setup.createFirstAdmin(realm, email, name);
        } catch (SetupService.InvalidInput e) {
            return form(cookie, email, name, profileErrors(e.errors()), null, Response.Status.BAD_REQUEST);
        } catch (OpsKnightException e) {
            // The page answers a refusal as a page of the same status the API would give it.
            return switch (e.reason()) {
                case CONFLICT -> {
                    csrfCookie().expire();
                    yield closed(Response.Status.CONFLICT);
                }
                case UNAVAILABLE -> message("opsknightSetupPolicyUnsatisfiable", Response.Status.SERVICE_UNAVAILABLE);
                default -> throw ApiErrors.toApi(e);
            };
        }
        return created(created);
    }

    /**
     * The page lives in the opsknight login theme. A realm switched to a login theme that neither is
     * nor extends it gets a 503 that names the fix, before anything is created.
     */
    private void requireTemplate() {
        Theme theme;
        try {
            theme = session.theme().getTheme(Theme.Type.LOGIN);
            if (theme != null && theme.getTemplate(TEMPLATE) != null) {
                return;
            }
        } catch (IOException e) {
            theme = null;
        }
        String name = theme == null ? "?" : theme.getName();
        LOG.warnf("setup of realm %s: its login theme '%s' lacks %s; set the realm's login theme to 'opsknight' or a theme extending it",
                realm.getName(), name, TEMPLATE);
        throw ApiErrors.toApi(OpsKnightException.unavailable("theme_missing", "The realm's login theme '" + name
                + "' has no setup page; set the login theme to 'opsknight' (or a theme extending it)."));
    }

    private Response created(SetupService.Created created) {
        csrfCookie().expire();
        Map<String, Object> model = model("created");
        model.put("email", created.user().getEmail());
        model.put("password", created.password());
        return render(model, Response.Status.OK, List.of(), null);
    }

    private Response form(String token, String email, String name, List<FormMessage> errors, String error, Response.Status status) {
        return form(token, email, name, errors, error, status, 0);
    }

    /** @param retryAfter seconds for a {@code Retry-After} header (0: none) */
    private Response form(String token, String email, String name, List<FormMessage> errors, String error, Response.Status status,
                          int retryAfter) {
        csrfCookie().set(token, SetupCsrf.MAX_AGE_SECONDS);
        Map<String, Object> model = model("form");
        model.put("csrf", token);
        model.put("email", email);
        model.put("name", name);
        model.put("keyRequired", true);
        // Where to find the key: the server log when the server made it, else the operator's configuration.
        model.put("keyGenerated", !setup.key().required());
        if (retryAfter > 0) {
            session.getProvider(LoginFormsProvider.class).setResponseHeader("Retry-After", String.valueOf(retryAfter));
        }
        return render(model, status, errors, error);
    }

    private Response closed(Response.Status status) {
        return render(model("done"), status, List.of(), null);
    }

    private Response message(String messageKey, Response.Status status) {
        Map<String, Object> model = model("message");
        model.put("messageKey", messageKey);
        return render(model, status, List.of(), null);
    }

    private Map<String, Object> model(String state) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("state", state);
        model.put("actionUrl", session.getContext().getUri().getRequestUri().toString());
        // Keycloak's account console: it sends the person through the realm's login page and back.
        model.put("signInUrl", Urls.accountBase(session.getContext().getUri().getBaseUri()).path("/").build(realm.getName()).toString());
        // The OpsKnight account page (profile, phone, preferences, password): our "manage account" place.
        model.put("accountPageUrl", PageUrls.account(session, realm).toString());
        // The first ADMIN's next step: invite the team.
        model.put("peoplePageUrl", PageUrls.people(session, realm).toString());
        return model;
    }

    private Response render(Map<String, Object> model, Response.Status status, List<FormMessage> errors, String error) {
        LoginFormsProvider forms = session.getProvider(LoginFormsProvider.class)
                .setAttribute("setup", model)
                .setStatus(status)
                .setActionUri(session.getContext().getUri().getRequestUri())
                // The CREATED page carries the password: no cache, no referrer; the same for every state keeps it simple.
                .setResponseHeader(NoStore.HEADER, NoStore.VALUE)
                .setResponseHeader("Pragma", "no-cache")
                .setResponseHeader("Referrer-Policy", "no-referrer");
        for (FormMessage e : errors) {
            forms.addError(e);
        }
        if (error != null) {
            forms.setError(error);
        }
        return forms.createForm(TEMPLATE);
    }

    /** User-profile errors name Keycloak attributes; the form calls the display name "name". */
    private static List<FormMessage> profileErrors(List<FormMessage> errors) {
        List<FormMessage> mapped = new ArrayList<>();
        for (FormMessage e : errors) {
            String field = e.getField();
            if ("firstName".equals(field)) {
                field = "name";
            } else if (!"email".equals(field)) {
                field = "email"; // username derives from the email
            }
            mapped.add(new FormMessage(field, e.getMessage(), e.getParameters()));
        }
        return mapped;
    }

    private MultivaluedMap<String, String> formParameters() {
        try {
            MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
            return form == null ? new MultivaluedHashMap<>() : form;
        } catch (RuntimeException e) {
            // Not a form body: treated as an empty form, which the CSRF check refuses.
            return new MultivaluedHashMap<>();
        }
    }

    /** The CSRF cookie: Strict, scoped to this page's path. */
    private PageCookie csrfCookie() {
        return new PageCookie(session, SetupCsrf.COOKIE, session.getContext().getUri().getRequestUri().getRawPath(),
                NewCookie.SameSite.STRICT);
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}
