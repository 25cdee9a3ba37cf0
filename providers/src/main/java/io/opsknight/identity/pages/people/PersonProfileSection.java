package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.profile.PersonInput;
import io.opsknight.identity.profile.ProfileAttribute;
import io.opsknight.identity.profile.TimeZones;
import io.opsknight.identity.users.PeopleService;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;

/** A person's name, email, phone and time zone, saved with the rules of {@code PUT /users/{id}/profile}. */
final class PersonProfileSection implements PageSection {

    /** Refusal code of the service to the form field and message key the page shows. */
    private static final Map<String, PageOutcome.FieldError> FIELD_ERRORS = Map.of(
            "invalid_email", new PageOutcome.FieldError("email", "opsknightPeopleInvalidEmail"),
            "email_in_use", new PageOutcome.FieldError("email", "opsknightPeopleEmailInUse"),
            "invalid_name", new PageOutcome.FieldError("name", "opsknightAccountInvalidName"),
            "invalid_phone_number", new PageOutcome.FieldError("phone_number", "opsknightAccountInvalidPhone"),
            "invalid_zoneinfo", new PageOutcome.FieldError("zoneinfo", "opsknightAccountInvalidZone"));

    private final UserModel person;

    PersonProfileSection(UserModel person) {
        this.person = person;
    }

    @Override
    public String id() {
        return "profile";
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        Map<String, Object> model = new LinkedHashMap<>();
        String name = PersonInput.displayName(person);
        model.put("name", name == null ? "" : name);
        model.put("email", person.getEmail() == null ? "" : person.getEmail());
        String phone = ProfileAttribute.PHONE_NUMBER.rawValue(person);
        model.put("phoneNumber", phone == null ? "" : phone);
        String zone = ProfileAttribute.ZONEINFO.rawValue(person);
        model.put("zoneinfo", zone == null ? "" : zone);
        model.put("zones", TimeZones.all());
        return model;
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        if (!"save".equals(action)) {
            return null;
        }
        Map<String, String> values = form.values("email", "name", "phone_number", "zoneinfo");
        try {
            new PeopleService(ctx.session(), ctx.realm()).updateProfile(ctx.user(), person, values.get("email"), values.get("name"),
                    values.get("phone_number"), values.get("zoneinfo"));
        } catch (OpsKnightException e) {
            return PageOutcome.invalid(e, FIELD_ERRORS, values);
        }
        return PageOutcome.done("opsknightAccountProfileSaved");
    }
}
