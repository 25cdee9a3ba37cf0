package io.opsknight.identity.apitoken;

import io.opsknight.identity.common.Times;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.roles.UserRoles;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API-token section of the account page, independent of how the page authenticates and renders:
 * the page checks its own sign-in and CSRF pair, then calls {@link #view}, {@link #create} or
 * {@link #revoke} and puts the returned model into its template as {@value #ATTRIBUTE}, where the
 * fragment {@code opsknight-account-api-tokens.ftl} ({@code <@apiTokenSection.section model=apiTokens/>}, imported under a name other than {@value #ATTRIBUTE}) shows it.
 * Only for ACTIVE ADMINs: for anyone else {@link #visibleTo} is false and the page leaves the section out.
 * The answer that shows a new token must carry {@code Cache-Control: no-store}.
 */
public final class ApiTokenAccountSection {

    /** The template attribute the fragment reads. */
    public static final String ATTRIBUTE = "apiTokens";
    /** Form fields of the fragment. */
    public static final String FIELD_NAME = "apiTokenName";
    public static final String FIELD_DAYS = "apiTokenExpiresInDays";
    public static final String FIELD_ID = "apiTokenId";
    private static final int LIST_SIZE = 100;

    /** Where the fragment's forms post, and the page's CSRF field name and value. */
    public record Forms(String createUrl, String revokeUrl, String csrfField, String csrfValue) {
    }

    private ApiTokenAccountSection() {
    }

    public static boolean visibleTo(RealmModel realm, UserModel user) {
        return UserStatus.of(user) == UserStatus.ACTIVE && UserRoles.roleOf(realm, user) == Role.ADMIN;
    }

    /** The section as it stands. */
    public static Map<String, Object> view(KeycloakSession session, RealmModel realm, UserModel user, Forms forms) {
        return model(session, realm, user, forms);
    }

    /**
     * The create form ({@value #FIELD_NAME}, {@value #FIELD_DAYS}): on success the model holds
     * {@code created} with the token, shown this once; on a refusal {@code error} (a message key) and the
     * typed values. Nothing is written on a refusal.
     */
    public static Map<String, Object> create(KeycloakSession session, RealmModel realm, UserModel user, Forms forms,
                                             Map<String, String> form) {
        requireVisible(realm, user);
        String name = form.get(FIELD_NAME);
        String daysText = form.get(FIELD_DAYS);
        Integer days;
        try {
            days = daysText == null || daysText.isBlank() ? null : Integer.valueOf(daysText.strip());
        } catch (NumberFormatException e) {
            return refused(session, realm, user, forms, "opsknightApiTokenDaysInvalid", name, daysText);
        }
        try {
            ApiTokenService.Created created = new ApiTokenService(session, realm).create(user, user.getId(), name, days);
            Map<String, Object> model = model(session, realm, user, forms);
            model.put("created", created(created.row().getId(), created.row().getName(), created.token(),
                    created.row().getDisplayPrefix(), Times.iso(created.row().getExpiresAt())));
            return model;
        } catch (OpsKnightException e) {
            return refused(session, realm, user, forms, messageKey(e), name, daysText);
        }
    }

    /** The revoke form ({@value #FIELD_ID}) of one of the user's own tokens. */
    public static Map<String, Object> revoke(KeycloakSession session, RealmModel realm, UserModel user, Forms forms,
                                             Map<String, String> form) {
        requireVisible(realm, user);
        try {
            new ApiTokenService(session, realm).revoke(user, form.get(FIELD_ID), user.getId());
            Map<String, Object> model = model(session, realm, user, forms);
            model.put("notice", "opsknightApiTokenRevokedNotice");
            return model;
        } catch (OpsKnightException e) {
            return refused(session, realm, user, forms, messageKey(e), null, null);
        }
    }

    /** The message key the fragment shows for a refusal of the domain. */
    public static String messageKey(OpsKnightException e) {
        return switch (e.code()) {
            case "missing_field" -> "opsknightApiTokenNameRequired";
            case "invalid_name" -> "opsknightApiTokenNameInvalid";
            case "name_in_use" -> "opsknightApiTokenNameInUse";
            case "invalid_field" -> "opsknightApiTokenDaysInvalid";
            default -> "opsknightApiTokenNotFound";
        };
    }

    private static void requireVisible(RealmModel realm, UserModel user) {
        if (!visibleTo(realm, user)) {
            throw OpsKnightException.forbidden("Only an ADMIN has API tokens.");
        }
    }

    private static Map<String, Object> refused(KeycloakSession session, RealmModel realm, UserModel user, Forms forms,
                                               String key, String name, String days) {
        return refused(model(session, realm, user, forms), key, name, days);
    }

    /** {@code model} with a refusal's message key and the values the person typed. */
    public static Map<String, Object> refused(Map<String, Object> model, String key, String name, String days) {
        model.put("error", key);
        model.put("name", name == null ? "" : name);
        model.put("expiresInDays", days == null || days.isBlank() ? String.valueOf(ApiTokenService.DEFAULT_DAYS) : days);
        return model;
    }

    private static Map<String, Object> model(KeycloakSession session, RealmModel realm, UserModel user, Forms forms) {
        long now = System.currentTimeMillis();
        return model(new ApiTokenService(session, realm).list(user, 0, LIST_SIZE).stream().map(row -> ApiTokenView.of(row, now)).toList(), forms);
    }

    /** The fragment's model for these tokens and forms (what {@link #view} answers). */
    public static Map<String, Object> model(List<ApiTokenView> views, Forms forms) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("tokens", views.stream().map(ApiTokenAccountSection::row).toList());
        model.put("error", "");
        model.put("notice", "");
        model.put("name", "");
        model.put("expiresInDays", String.valueOf(ApiTokenService.DEFAULT_DAYS));
        model.put("createUrl", forms.createUrl());
        model.put("revokeUrl", forms.revokeUrl());
        model.put("csrfField", forms.csrfField());
        model.put("csrfValue", forms.csrfValue());
        return model;
    }

    /** The token just made, as the create answer carries it (shown this once). */
    public static Map<String, Object> created(String id, String name, String token, String prefix, String expiresAt) {
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("id", id);
        created.put("name", name);
        created.put("token", token);
        created.put("prefix", prefix);
        created.put("expiresAt", expiresAt);
        return created;
    }

    /** Template-friendly (FreeMarker reads map keys, not record accessors). */
    public static Map<String, Object> row(ApiTokenView view) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", view.id());
        row.put("name", view.name());
        row.put("prefix", view.prefix());
        row.put("createdAt", view.createdAt());
        row.put("expiresAt", view.expiresAt());
        row.put("lastUsedAt", view.lastUsedAt() == null ? "" : view.lastUsedAt());
        row.put("expired", view.expired());
        return row;
    }
}
