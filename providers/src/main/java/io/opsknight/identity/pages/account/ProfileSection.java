package io.opsknight.identity.pages.account;

import io.opsknight.identity.profile.PhoneVerification;
import io.opsknight.identity.profile.SmsSender;
import io.opsknight.identity.profile.TimeZones;
import io.opsknight.identity.profile.Gravatar;
import io.opsknight.identity.profile.PersonInput;
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
import java.util.Optional;

/** Account page: Gravatar, name, phone (with its verification) and time zone. Template opsknight-account-profile.ftl. */
public final class ProfileSection implements PageSection {

    /** Refusal code of the service to the form field and message key the page shows. */
    private static final Map<String, PageOutcome.FieldError> FIELD_ERRORS = Map.of(
            "invalid_name", new PageOutcome.FieldError("name", "opsknightAccountInvalidName"),
            "invalid_phone_number", new PageOutcome.FieldError("phone_number", "opsknightAccountInvalidPhone"),
            "invalid_zoneinfo", new PageOutcome.FieldError("zoneinfo", "opsknightAccountInvalidZone"));

    @Override
    public String id() {
        return "profile";
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        UserModel user = ctx.user();
        Map<String, Object> model = new LinkedHashMap<>();
        String name = PersonInput.displayName(user);
        model.put("name", name == null ? "" : name);
        model.put("email", user.getEmail() == null ? "" : user.getEmail());
        String avatar = Gravatar.url(user.getEmail());
        model.put("avatar", avatar == null ? "" : avatar);
        String phone = ProfileAttribute.PHONE_NUMBER.rawValue(user);
        model.put("phoneNumber", phone == null ? "" : phone);
        model.put("phoneVerified", phone != null && Boolean.parseBoolean(ProfileAttribute.PHONE_NUMBER_VERIFIED.rawValue(user)));
        model.put("zoneinfo", ProfileAttribute.ZONEINFO.rawValue(user));
        model.put("zones", TimeZones.all());
        SmsSender sms = ctx.session().getProvider(SmsSender.class);
        model.put("smsAvailable", sms != null && sms.configured());
        return model;
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        if ("send-code".equals(action)) {
            PhoneVerification.send(ctx.session(), ctx.realm(), ctx.user());
            return PageOutcome.done("opsknightAccountCodeSent", ProfileAttribute.PHONE_NUMBER.rawValue(ctx.user()));
        }
        if ("confirm-code".equals(action)) {
            // Not rolled back on a wrong code (the page commits invalid outcomes), so the try counts.
            return switch (PhoneVerification.confirm(ctx.session(), ctx.realm(), ctx.user(), form.get("code"))) {
                case VERIFIED -> PageOutcome.done("opsknightAccountPhoneConfirmed");
                case TOO_MANY_ATTEMPTS -> PageOutcome.invalid("code", "opsknightAccountTooManyTries", Map.of());
                default -> PageOutcome.invalid("code", "opsknightAccountWrongCode", Map.of());
            };
        }
        if (!"save".equals(action)) {
            return null;
        }
        Map<String, String> values = form.values("name", "phone_number", "zoneinfo");
        try {
            new ProfileService(ctx.session(), ctx.realm()).updateProfile(ctx.user(), ctx.user(), new ProfileService.ProfileChange(
                    Optional.of(values.get("name")), Optional.of(values.get("phone_number")), Optional.of(values.get("zoneinfo"))));
        } catch (ProfileWrite.Refused e) {
            // The realm's own rule (its User Profile): its sentence, next to the field.
            return PageOutcome.invalid(e.field(), e.realmMessage(), values);
        } catch (OpsKnightException e) {
            return PageOutcome.invalid(e, FIELD_ERRORS, values);
        }
        return PageOutcome.done("opsknightAccountProfileSaved");
    }
}
