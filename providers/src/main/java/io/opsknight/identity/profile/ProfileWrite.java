package io.opsknight.identity.profile;

import io.opsknight.identity.common.OpsKnightException;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.messages.Messages;
import org.keycloak.theme.Theme;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Every write of a person's profile attributes (name, email, zone, preferences, phone number), from our
 * API, our pages and our listeners: through Keycloak's User Profile ({@link UserProfileProvider}), so that
 * the realm's own validators and attribute permissions apply exactly as in Keycloak's forms and consoles
 * (an operator's validator added in the console holds for our API too), on top of our own rules, which
 * the callers check first.
 * <p>
 * A person editing themselves writes in Keycloak's {@code ACCOUNT} context (the realm's "user"
 * permissions); an admin in {@code USER_API} (the "admin" permissions).
 * <p>
 * {@link #OURS} are the exception: the realm shows them read-only in Keycloak's consoles and APIs
 * ({@code edit: []}), because a value there must follow rules the console cannot apply: a phone number
 * is proven by SMS, and the phone channels need a proven number. No User Profile context may change a
 * read-only attribute, and giving our API an edit permission would give it to the consoles too. So our
 * trusted path writes those few itself, after our own checks (E.164 by the realm's own pattern,
 * verified-number rules) and only once the profile validated the rest of the change.
 */
public final class ProfileWrite {

    private static final Logger LOG = Logger.getLogger(ProfileWrite.class);

    /** Who writes: the person (Keycloak's ACCOUNT context) or an admin (USER_API). */
    public enum Writer {
        SELF(UserProfileContext.ACCOUNT), ADMIN(UserProfileContext.USER_API);

        private final UserProfileContext context;

        Writer(UserProfileContext context) {
            this.context = context;
        }

        public static Writer of(UserModel actor, UserModel user) {
            return actor != null && actor.getId().equals(user.getId()) ? SELF : ADMIN;
        }
    }

    /** Read-only in the realm's User Profile; written by our verification rules only. */
    static final Set<String> OURS = Set.of(ProfileAttribute.PHONE_NUMBER.attributeName(),
            ProfileAttribute.PHONE_NUMBER_VERIFIED.attributeName(), ProfileAttribute.NOTIFY_SMS.attributeName(),
            ProfileAttribute.NOTIFY_WHATSAPP.attributeName(), "opsknight_status");

    /** What an inviting admin typed; the realm's other attributes are judged when the person is written. */
    private static final Set<String> TYPED = Set.of(UserModel.EMAIL, UserModel.USERNAME, UserModel.FIRST_NAME);

    /** Keycloak's duplicate checks: for a new person they only say the address is known. */
    private static final Set<String> TAKEN = Set.of(Messages.EMAIL_EXISTS, Messages.USERNAME_EXISTS);

    private ProfileWrite() {
    }

    /**
     * Writes the values (attribute name to value; "" clears): the realm's profile validates and writes all
     * but {@link #OURS}, then those are written. A refusal of the realm is a 400 naming the field, with the
     * realm's message; nothing is written then.
     */
    public static void write(KeycloakSession session, RealmModel realm, UserModel user, Writer writer, Map<String, String> values) {
        UserProfile profile = profile(session, user, writer, values);
        try {
            // Validate before anything is locked or written: the account page commits a refused form.
            profile.validate();
        } catch (ValidationException e) {
            throw refusal(session, realm, user, e);
        }
        String phone = ProfileAttribute.PHONE_NUMBER.attributeName();
        if (values.containsKey(phone) && !values.get(phone).equals(Objects.toString(user.getFirstAttribute(phone), ""))) {
            // Before the number and its verified flag are written (see PhoneVerification#numberChanging).
            PhoneVerification.numberChanging(session, user);
        }
        profile.update(false);
        values.forEach((name, value) -> {
            if (OURS.contains(name)) {
                // Removed first: Keycloak's delete reaches the database even when this request read the old
                // value before it took the phone lock, where an in-place update to a value that looks
                // unchanged (false over a parallel confirm's true) would be skipped.
                user.removeAttribute(name);
                if (!value.isEmpty()) {
                    user.setSingleAttribute(name, value);
                }
            }
        });
        if (values.containsKey(UserModel.FIRST_NAME) && user.getLastName() != null) {
            // One name (firstName); the realm's profile has no lastName, so a leftover one is dropped here.
            user.setLastName(null);
        }
    }

    /** Only the realm's verdict on the values, writing nothing (a form that shows errors before it commits). */
    public static void check(KeycloakSession session, RealmModel realm, UserModel user, Writer writer, Map<String, String> values) {
        try {
            profile(session, user, writer, values).validate();
        } catch (ValidationException e) {
            throw refusal(session, realm, user, e);
        }
    }

    /**
     * The realm's verdict on the name of a person not created yet (an invitation batch's dry run): the realm's
     * sentence when its User Profile refuses the name (e.g. its prohibited characters), else empty.
     * Only the name is judged; the email and the role are checked by the invitation's own rules.
     */
    public static java.util.Optional<String> newNameRefusal(KeycloakSession session, RealmModel realm, String email, String name) {
        return newPersonRefusals(session, realm, email, name).stream().filter(r -> "name".equals(r.field())).findFirst()
                .map(Refused::realmMessage);
    }

    /**
     * The realm's first refusal of what an admin typed for a person not created yet (name, email), before
     * anything is written (the People page's invite form, which shows the refusal with the list as it stands).
     * An address already taken is not a refusal here: the invitation's own rules decide it (an INVITED person
     * is invited again).
     */
    public static java.util.Optional<Refused> newPersonRefusal(KeycloakSession session, RealmModel realm, String email, String name) {
        return newPersonRefusals(session, realm, email, name).stream().findFirst();
    }

    private static List<Refused> newPersonRefusals(KeycloakSession session, RealmModel realm, String email, String name) {
        Map<String, List<String>> attributes = new HashMap<>();
        attributes.put(UserModel.USERNAME, List.of(email));
        attributes.put(UserModel.EMAIL, List.of(email));
        attributes.put(UserModel.FIRST_NAME, List.of(name));
        try {
            session.getProvider(UserProfileProvider.class).create(UserProfileContext.USER_API, attributes).validate();
            return List.of();
        } catch (ValidationException e) {
            return e.getErrors().stream().filter(error -> TYPED.contains(error.getAttribute()) && !TAKEN.contains(error.getMessage())).map(error -> {
                // The username is the address here: a refusal of it belongs next to the email field.
                String field = UserModel.USERNAME.equals(error.getAttribute()) ? "email" : fieldOf(error.getAttribute());
                Object[] params = error.getMessageParameters() == null ? new Object[0] : error.getMessageParameters().clone();
                if (params.length > 0) {
                    params[0] = field;
                }
                return new Refused(field, sentence(session, realm, null, error.getMessage(), params));
            }).toList();
        }
    }

    private static UserProfile profile(KeycloakSession session, UserModel user, Writer writer, Map<String, String> values) {
        // The whole current profile with the changes on top: an attribute left out would be read as
        // cleared. Our read-only ones are left out, so the profile takes them from the user unchanged.
        Map<String, List<String>> attributes = new HashMap<>();
        user.getAttributes().forEach((name, current) -> {
            if (!OURS.contains(name)) {
                attributes.put(name, current);
            }
        });
        values.forEach((name, value) -> {
            if (!OURS.contains(name)) {
                attributes.put(name, List.of(value));
            }
        });
        return session.getProvider(UserProfileProvider.class).create(writer.context, attributes, user);
    }

    /** The realm's User Profile refused a value: the field (our API's name) and the realm's sentence. */
    public static final class Refused extends OpsKnightException {
        private final String field;
        private final String realmMessage;

        Refused(String field, String realmMessage) {
            super(Reason.INVALID, "invalid_" + field, field + ": " + realmMessage);
            this.field = field;
            this.realmMessage = realmMessage;
        }

        public String field() {
            return field;
        }

        /** The realm's own sentence, without the field name (a form shows it next to the field). */
        public String realmMessage() {
            return realmMessage;
        }
    }

    private static Refused refusal(KeycloakSession session, RealmModel realm, UserModel user, ValidationException e) {
        ValidationException.Error first = e.getErrors().get(0);
        String field = fieldOf(first.getAttribute());
        Object[] params = first.getMessageParameters() == null ? new Object[0] : first.getMessageParameters().clone();
        if (params.length > 0) {
            params[0] = field;
        }
        LOG.debugf("realm %s: profile of user %s refused: %s %s", realm.getName(), user.getId(), first.getAttribute(),
                first.getMessage());
        return new Refused(field, sentence(session, realm, user, first.getMessage(), params));
    }

    /** Our API's name of a profile attribute: firstName is "name", the rest keep theirs. */
    static String fieldOf(String attribute) {
        return UserModel.FIRST_NAME.equals(attribute) ? "name" : String.valueOf(attribute);
    }

    /** The realm's message (its localization texts, then the login theme's) as a sentence; never a raw key. */
    static String sentence(KeycloakSession session, RealmModel realm, UserModel user, String key, Object[] params) {
        String pattern = null;
        Locale locale = Locale.ENGLISH;
        try {
            locale = session.getContext().resolveLocale(user);
            Properties messages = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale);
            pattern = messages.getProperty(key);
        } catch (IOException | RuntimeException ex) {
            LOG.debugf("messages of realm %s not readable: %s", realm.getName(), ex.toString());
        }
        return format(pattern, key, params, locale);
    }

    static String format(String pattern, String key, Object[] params, Locale locale) {
        if (pattern == null || pattern.isBlank()) {
            // A key that no bundle knows: still a sentence.
            return key != null && key.contains(" ") ? key : "the value is not accepted by this realm.";
        }
        try {
            return new MessageFormat(pattern, locale).format(params);
        } catch (IllegalArgumentException ex) {
            LOG.debugf("message %s with %s: %s", key, Arrays.toString(params), ex.getMessage());
            return pattern;
        }
    }
}
