package io.opsknight.identity.pages.account;

import io.opsknight.identity.profile.ProfileService;
import io.opsknight.identity.profile.ProfileWrite;
import io.opsknight.identity.profile.ProfileAttribute;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.common.OpsKnightException;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;

/** Account page: channel switches and the incident digest. Template opsknight-account-preferences.ftl. */
public final class PreferencesSection implements PageSection {

    @Override
    public String id() {
        return "preferences";
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
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
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
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
            new ProfileService(ctx.session(), ctx.realm()).updatePreferences(ctx.user(), ctx.user(), values);
        } catch (ProfileWrite.Refused e) {
            return PageOutcome.invalid(e.field(), e.realmMessage(), shown);
        } catch (OpsKnightException e) {
            if ("phone_not_verified".equals(e.code())) {
                return PageOutcome.invalid("notify_sms", "opsknightAccountPhoneNotVerified", shown);
            }
            if ("invalid_incident_digest".equals(e.code())) {
                return PageOutcome.invalid("incident_digest", "opsknightAccountInvalidDigest", shown);
            }
            throw e;
        }
        return PageOutcome.done("opsknightAccountPreferencesSaved");
    }
}
