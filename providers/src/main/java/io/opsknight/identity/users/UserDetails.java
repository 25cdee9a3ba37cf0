package io.opsknight.identity.users;

import io.opsknight.identity.common.Times;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.opsknight.identity.profile.ProfileAttribute;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;


/**
 * A user with profile and preferences: the {@link UserSummary} fields, then the attributes under
 * their OIDC/interface names ({@code email_verified}, {@code phone_number}, ...), then
 * {@code createdAt} (ISO-8601 UTC). {@link #of} is the one converter.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UserDetails(
        @JsonUnwrapped UserSummary summary,
        @JsonProperty("email_verified") boolean emailVerified,
        @JsonProperty("phone_number") String phoneNumber,
        @JsonProperty("phone_number_verified") boolean phoneNumberVerified,
        @JsonProperty("zoneinfo") String zoneinfo,
        @JsonProperty("notify_email") boolean notifyEmail,
        @JsonProperty("notify_sms") boolean notifySms,
        @JsonProperty("notify_push") boolean notifyPush,
        @JsonProperty("notify_whatsapp") boolean notifyWhatsapp,
        @JsonProperty("incident_digest") String incidentDigest,
        String createdAt) {

    public static UserDetails of(KeycloakSession session, RealmModel realm, UserModel user) {
        Long created = user.getCreatedTimestamp();
        return new UserDetails(UserSummary.of(session, realm, user), user.isEmailVerified(),
                ProfileAttribute.PHONE_NUMBER.text(user), ProfileAttribute.PHONE_NUMBER_VERIFIED.bool(user),
                ProfileAttribute.ZONEINFO.text(user), ProfileAttribute.NOTIFY_EMAIL.bool(user),
                ProfileAttribute.NOTIFY_SMS.bool(user), ProfileAttribute.NOTIFY_PUSH.bool(user),
                ProfileAttribute.NOTIFY_WHATSAPP.bool(user), ProfileAttribute.INCIDENT_DIGEST.text(user),
                Times.iso(created));
    }
}
