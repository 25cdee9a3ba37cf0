package io.opsknight.identity.profile;

import io.opsknight.identity.account.AccountContext;
import io.opsknight.identity.account.AccountForm;
import io.opsknight.identity.account.AccountOutcome;
import io.opsknight.identity.account.AccountSection;
import io.opsknight.identity.common.OpsKnightException;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;

/** Account page: channel switches and the incident digest. Template opsknight-account-preferences.ftl. */
public final class PreferencesSection implements AccountSection {

    @Override
    public String id() {
        return "preferences";
    }

    @Override
    public Map<String, Object> model(AccountContext ctx) {
        UserModel user = ctx.user();
        Map<String, Object> model = new LinkedHashMap<>();
        for (ProfileAttribute attribute : ProfileService.PREFERENCES) {
            model.put(attribute.attributeName(), attribute.read(user));
        }
        model.put("digests", ProfileService.DIGESTS);
        model.put("phoneVerified", ProfileAttribute.PHONE_NUMBER.rawValue(user) != null
                && Boolean.parseBoolean(ProfileAttribute.PHONE_NUMBER_VERIFIED.rawValue(user)));
        return model;
    }

    /** The form always carries every switch: an unchecked checkbox is absent, which means false. */
    @Override
    public AccountOutcome handle(AccountContext ctx, String action, AccountForm form) {
        if (!"save".equals(action)) {
            return null;
        }
        Map<ProfileAttribute, String> values = new LinkedHashMap<>();
        Map<String, String> shown = new LinkedHashMap<>();
        for (ProfileAttribute attribute : ProfileService.PREFERENCES) {
            String value = attribute == ProfileAttribute.INCIDENT_DIGEST
                    ? form.get(attribute.attributeName())
                    : String.valueOf("true".equals(form.get(attribute.attributeName())));
            values.put(attribute, value);
            shown.put(attribute.attributeName(), value == null ? "" : value);
        }
        try {
            ProfileService.updatePreferences(ctx.session(), ctx.realm(), ctx.user(), ctx.user(), values);
        } catch (ProfileWrite.Refused e) {
            return AccountOutcome.invalid(e.field(), e.realmMessage(), shown);
        } catch (OpsKnightException e) {
            if ("phone_not_verified".equals(e.code())) {
                return AccountOutcome.invalid("notify_sms", "opsknightAccountPhoneNotVerified", shown);
            }
            if ("invalid_incident_digest".equals(e.code())) {
                return AccountOutcome.invalid("incident_digest", "opsknightAccountInvalidDigest", shown);
            }
            throw e;
        }
        return AccountOutcome.done("opsknightAccountPreferencesSaved");
    }
}
