package io.opsknight.identity.users;

import io.opsknight.identity.profile.PasswordChange;
import io.opsknight.identity.profile.PhoneVerification;
import io.opsknight.identity.profile.ProfileAttribute;
import io.opsknight.identity.profile.ProfileService;
import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.common.Refusals;
import io.opsknight.identity.rest.ApiErrors;
import io.opsknight.identity.rest.ApiResource;
import io.opsknight.identity.rest.Caller;
import io.opsknight.identity.rest.JsonBody;
import jakarta.ws.rs.Consumes;
import io.opsknight.identity.apitoken.ApiTokensResource;
import io.opsknight.identity.sessions.MySessionsResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
/** {@code /me}: the caller's own account, profile, preferences and password. */
/** {@code /me}: the caller's own account. */
public class MeResource extends ApiResource {

    static final Set<String> PROFILE_FIELDS = Set.of("name", "phone_number", "zoneinfo", "email");
    static final Set<String> PASSWORD_FIELDS = Set.of("currentPassword", "newPassword");

    private final KeycloakSession session;
    private final Caller caller;

    public MeResource(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public Me get() {
        return Me.of(session, caller.realm(), caller.user());
    }

    @Path("sessions")
    public MySessionsResource sessions() {
        return new MySessionsResource(session, caller);
    }

    @Path("api-tokens")
    public ApiTokensResource apiTokens() {
        return ApiTokensResource.mine(session, caller);
    }

    /** {@code PUT /me/profile {name, phone_number, zoneinfo}}: partial; a changed email is 403 (admins edit it). */
    @PUT
    @Path("profile")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Me updateProfile(@Context HttpHeaders headers, String body) {
        JsonBody json = JsonBody.parse(headers, body).onlyFields(PROFILE_FIELDS);
        if (json.has("email")) {
            String email = json.string("email").orElse("");
            if (!email.strip().equalsIgnoreCase(Objects.toString(caller.user().getEmail(), ""))) {
                throw ApiErrors.toApi(OpsKnightException.forbidden("Only an admin may change the email address."));
            }
        }
        ProfileService.ProfileChange change = new ProfileService.ProfileChange(
                json.has("name") ? Optional.of(json.string("name").orElse("")) : Optional.empty(),
                json.has("phone_number") ? Optional.of(json.string("phone_number").orElse("")) : Optional.empty(),
                json.has("zoneinfo") ? Optional.of(json.string("zoneinfo").orElse("")) : Optional.empty());
        ApiErrors.run(() -> new ProfileService(session, caller.realm()).updateProfile(caller.user(), caller.user(), change));
        return Me.of(session, caller.realm(), caller.user());
    }

    /** {@code PUT /me/preferences}: any of notify_email, notify_sms, notify_push, notify_whatsapp (booleans), incident_digest. */
    @PUT
    @Path("preferences")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Me updatePreferences(@Context HttpHeaders headers, String body) {
        Map<ProfileAttribute, String> values = preferences(headers, body);
        ApiErrors.run(() -> new ProfileService(session, caller.realm()).updatePreferences(caller.user(), caller.user(), values));
        return Me.of(session, caller.realm(), caller.user());
    }

    /** {@code PUT /me/password {currentPassword, newPassword}}: 204; every other session of the caller ends. */
    @PUT
    @Path("password")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response changePassword(@Context HttpHeaders headers, String body) {
        caller.requireSignedIn("change the password");
        JsonBody json = JsonBody.parse(headers, body).onlyFields(PASSWORD_FIELDS);
        String current = json.string("currentPassword").orElse("");
        String fresh = json.string("newPassword").orElse("");
        ApiErrors.run(() -> PasswordChange.change(session, caller.realm(), caller.user(), caller.userSession(), current, fresh,
                session.getContext().resolveLocale(caller.user())));
        return Response.noContent().build();
    }

    /** {@code POST /me/phone/verification}: sends a code to the caller's phone_number; 202 with its expiry. */
    @POST
    @Path("phone/verification")
    @Produces(MediaType.APPLICATION_JSON)
    public Response sendPhoneCode() {
        caller.requireSignedIn("send phone verification codes");
        java.time.Instant expires = ApiErrors.call(() -> PhoneVerification.send(session, caller.realm(), caller.user()));
        return Response.status(Response.Status.ACCEPTED).entity(new CodeSent(expires.toString())).build();
    }

    /** The answer to a send: when the code expires. */
    public record CodeSent(String expiresAt) {
    }

    /**
     * {@code POST /me/phone/verification/confirm {code}}: 200 with the caller (phone_number_verified
     * true); 400 wrong code, 409 no code pending, 410 expired, 429 after 5 tries. A refusal is
     * answered without rolling back, so the counted try stays counted.
     */
    @POST
    @Path("phone/verification/confirm")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response confirmPhoneCode(@Context HttpHeaders headers, String body) {
        caller.requireSignedIn("verify a phone number");
        String code = JsonBody.parse(headers, body).onlyFields(Set.of("code")).string("code").orElse("");
        PhoneVerification.Result result = PhoneVerification.confirm(session, caller.realm(), caller.user(), code);
        OpsKnightException refusal = switch (result) {
            case VERIFIED -> null;
            case WRONG_CODE -> OpsKnightException.invalid("invalid_code", "code is not the code we sent.");
            case NO_CODE -> OpsKnightException.conflict("no_code", "No code is pending for this phone_number: request one first.");
            case EXPIRED -> OpsKnightException.gone("code_expired", "The code has expired: request a new one.");
            case TOO_MANY_ATTEMPTS -> OpsKnightException.tooMany("too_many_attempts", "Too many wrong codes: request a new one.");
        };
        if (refusal != null) {
            int status = ApiErrors.status(refusal.reason());
            if (status == 429) {
                // Answered, not thrown (the try stays counted), yet logged like every 429 of the API.
                Refusals.log(session, status, refusal.code(), refusal.getMessage());
            }
            return Response.status(status)
                    .entity(Map.of("error", refusal.code(), "message", refusal.getMessage())).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok(Me.of(session, caller.realm(), caller.user())).build();
    }

    /** The preference fields of a JSON body (shared with the admin's PUT /users/{id}/preferences). */
    public static Map<ProfileAttribute, String> preferences(HttpHeaders headers, String body) {
        Set<String> names = new java.util.HashSet<>();
        ProfileService.PREFERENCES.forEach(a -> names.add(a.attributeName()));
        JsonBody json = JsonBody.parse(headers, body).onlyFields(names);
        Map<ProfileAttribute, String> values = new LinkedHashMap<>();
        for (ProfileAttribute attribute : ProfileService.PREFERENCES) {
            String name = attribute.attributeName();
            if (!json.has(name)) {
                continue;
            }
            if (attribute.isBoolean()) {
                values.put(attribute, String.valueOf(json.bool(name).orElseThrow(() ->
                        ApiErrors.toApi(OpsKnightException.invalid("invalid_" + name, name + " must be true or false.")))));
            } else {
                values.put(attribute, json.string(name).orElse(""));
            }
        }
        return values;
    }
}
