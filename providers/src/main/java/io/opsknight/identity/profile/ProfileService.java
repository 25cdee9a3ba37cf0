package io.opsknight.identity.profile;

import io.opsknight.identity.audit.Audit;
import io.opsknight.identity.audit.AuditEventType;
import io.opsknight.identity.common.OpsKnightException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Profile ({@code name}, {@code phone_number}, {@code zoneinfo}) and notification preferences of a
 * person, edited by themselves (/me, the account page) or by an admin (/users/{id}). Validates the
 * whole change before writing anything, writes only what differs, and records
 * {@code user.profile.updated} / {@code user.preferences.updated} naming the changed fields.
 */
public final class ProfileService {

    public static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{1,14}$");
    public static final List<String> DIGESTS = List.of("HIGH", "ALL", "NONE");
    /** The preference attributes, in API order. */
    public static final List<ProfileAttribute> PREFERENCES = List.of(ProfileAttribute.NOTIFY_EMAIL, ProfileAttribute.NOTIFY_SMS,
            ProfileAttribute.NOTIFY_PUSH, ProfileAttribute.NOTIFY_WHATSAPP, ProfileAttribute.INCIDENT_DIGEST);
    /** Channels that reach the person's phone: only with a verified number. */
    public static final Set<ProfileAttribute> PHONE_CHANNELS = Set.of(ProfileAttribute.NOTIFY_SMS, ProfileAttribute.NOTIFY_WHATSAPP);

    /** A profile change; an absent field stays as it is, an empty phone or zone clears it. */
    public record ProfileChange(Optional<String> name, Optional<String> phoneNumber, Optional<String> zoneinfo) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public ProfileService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public static String validName(String value) {
        return PersonInput.name(value).orElseThrow(() -> OpsKnightException.invalid("invalid_name",
                "name must be 1 to " + PersonInput.MAX_NAME_LENGTH + " characters, without control characters."));
    }

    public static String validPhone(String value) {
        String phone = value == null ? "" : value.strip();
        if (!phone.isEmpty() && !E164.matcher(phone).matches()) {
            throw OpsKnightException.invalid("invalid_phone_number", "phone_number must be in E.164 format, e.g. +14155550100.");
        }
        return phone;
    }

    /** An IANA zone id of Java's list (Europe/Berlin, UTC); "" clears (reads as UTC). */
    public static String validZone(String value) {
        String zone = value == null ? "" : value.strip();
        if (!zone.isEmpty() && !TimeZones.isValid(zone)) {
            throw OpsKnightException.invalid("invalid_zoneinfo", "zoneinfo must be an IANA time zone id, e.g. Europe/Berlin.");
        }
        return zone;
    }

    /** Applies a profile change (already holding raw values); returns the changed field names. */
    public List<String> updateProfile(UserModel actor, UserModel user, ProfileChange change) {
        Optional<String> name = change.name().map(ProfileService::validName);
        Optional<String> phone = change.phoneNumber().map(ProfileService::validPhone);
        Optional<String> zone = change.zoneinfo().map(ProfileService::validZone);

        List<String> changed = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        if (name.isPresent() && (!name.get().equals(PersonInput.displayName(user)) || user.getLastName() != null)) {
            // One name: firstName holds it (the realm's User Profile labels it "Name").
            values.put(UserModel.FIRST_NAME, name.get());
            changed.add("name");
        }
        if (phone.isPresent() && !phone.get().equals(Objects.toString(user.getFirstAttribute(ProfileAttribute.PHONE_NUMBER.attributeName()), ""))) {
            values.putAll(phoneChange(phone.get()));
            changed.add("phone_number");
        }
        if (zone.isPresent() && !zone.get().equals(Objects.toString(user.getFirstAttribute(ProfileAttribute.ZONEINFO.attributeName()), ""))) {
            values.put(ProfileAttribute.ZONEINFO.attributeName(), zone.get());
            changed.add("zoneinfo");
        }
        if (!changed.isEmpty()) {
            ProfileWrite.write(session, realm, user, ProfileWrite.Writer.of(actor, user), values);
            Audit.record(session, realm, AuditEventType.USER_PROFILE_UPDATED, actor.getId(), user.getId(), Map.of("fields", changed));
        }
        return changed;
    }

    /**
     * The values a change of the number writes: the number, not verified, and the phone channels (which
     * need a verified number) off. {@link ProfileWrite} takes the verification row's lock before writing
     * them, so that a code confirmed in parallel cannot mark the new number verified.
     */
    public static Map<String, String> phoneChange(String phone) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ProfileAttribute.PHONE_NUMBER.attributeName(), phone);
        values.put(ProfileAttribute.PHONE_NUMBER_VERIFIED.attributeName(), "false");
        for (ProfileAttribute channel : PHONE_CHANNELS) {
            values.put(channel.attributeName(), "false");
        }
        return values;
    }

    /**
     * Applies preferences given as attribute name to value ("true"/"false", or a digest level);
     * fields left out stay. Returns the changed names.
     */
    public List<String> updatePreferences(UserModel actor, UserModel user, Map<ProfileAttribute, String> values) {
        Map<ProfileAttribute, String> valid = new LinkedHashMap<>();
        for (ProfileAttribute attribute : PREFERENCES) {
            if (!values.containsKey(attribute)) {
                continue;
            }
            String value = values.get(attribute);
            if (attribute == ProfileAttribute.INCIDENT_DIGEST) {
                if (value == null || !DIGESTS.contains(value)) {
                    throw OpsKnightException.invalid("invalid_incident_digest", "incident_digest must be one of HIGH, ALL, NONE.");
                }
            } else if (!"true".equals(value) && !"false".equals(value)) {
                throw OpsKnightException.invalid("invalid_" + attribute.attributeName(), attribute.attributeName() + " must be true or false.");
            }
            valid.put(attribute, value);
        }
        boolean verified = Boolean.parseBoolean(ProfileAttribute.PHONE_NUMBER_VERIFIED.rawValue(user))
                && ProfileAttribute.PHONE_NUMBER.rawValue(user) != null;
        for (ProfileAttribute channel : PHONE_CHANNELS) {
            if ("true".equals(valid.get(channel)) && !verified && !Boolean.parseBoolean(channel.rawValue(user))) {
                throw OpsKnightException.invalid("phone_not_verified",
                        channel.attributeName() + " needs a verified phone_number: verify the number first.");
            }
        }
        List<String> changed = new ArrayList<>();
        Map<String, String> writes = new LinkedHashMap<>();
        valid.forEach((attribute, value) -> {
            if (!Objects.equals(value, attribute.rawValue(user)) || user.getFirstAttribute(attribute.attributeName()) == null) {
                if (!Objects.equals(value, attribute.rawValue(user))) {
                    changed.add(attribute.attributeName());
                }
                writes.put(attribute.attributeName(), value);
            }
        });
        if (!writes.isEmpty()) {
            ProfileWrite.write(session, realm, user, ProfileWrite.Writer.of(actor, user), writes);
        }
        if (!changed.isEmpty()) {
            Audit.record(session, realm, AuditEventType.USER_PREFERENCES_UPDATED, actor.getId(), user.getId(), Map.of("fields", changed));
        }
        return changed;
    }

}
