package io.opsknight.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.profile.ProfileAttribute;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.scim.model.user.UserResourceTypeProvider;
import org.keycloak.scim.protocol.request.PatchRequest.PatchOperation;
import org.keycloak.scim.resource.user.User;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keycloak's own SCIM resource type {@code Users}, with the OpsKnight rules run after each change, in the
 * same transaction: Keycloak still parses, authorizes, maps and stores; {@link ScimProvisioning} then sets
 * status, role, phone and time zone, or refuses, which rolls the whole request back. Every check that needs
 * only the request runs before Keycloak stores anything.
 */
public class ScimUsers extends UserResourceTypeProvider {

    private final ScimProvisioning rules;

    public ScimUsers(KeycloakSession session, ScimProvisioning rules) {
        super(session);
        this.rules = rules;
    }

    @Override
    public User onCreate(User resource) {
        ScimProfileFields[] fields = new ScimProfileFields[1];
        ScimRefusals.run(session, () -> {
            fields[0] = ScimProfileFields.of(resource.getExtensions(), resource.getTimezone());
            refuseUnknown(resource);
            rules.checkFields(fields[0]);
        });
        User created = super.onCreate(resource);
        UserModel user = getModel(created.getId());
        if (user != null) {
            ScimRefusals.run(session, () -> rules.created(user, !Boolean.FALSE.equals(resource.getActive()), fields[0]));
        }
        return withFields(created, user);
    }

    @Override
    public User update(User resource) {
        UserModel user = getModel(resource.getId());
        ScimProfileFields[] fields = new ScimProfileFields[1];
        ScimRefusals.run(session, () -> {
            fields[0] = ScimProfileFields.of(resource.getExtensions(), resource.getTimezone());
            refuseUnknown(resource);
            rules.checkFields(fields[0]);
            if (user != null) {
                rules.checkUserName(user, resource.getUserName());
            }
        });
        ScimProvisioning.Before before = user == null ? null : rules.before(user);
        User updated = super.update(resource);
        after(resource.getId(), before, fields[0]);
        return withFields(updated, getModel(resource.getId()));
    }

    @Override
    public void patch(User existing, List<PatchOperation> operations) {
        UserModel user = getModel(existing.getId());
        ScimProfileFields.Patch[] split = new ScimProfileFields.Patch[1];
        ScimRefusals.run(session, () -> {
            refuseReadOnly(operations);
            split[0] = ScimProfileFields.of(operations);
            rules.checkFields(split[0].fields());
            if (user != null) {
                rules.checkUserName(user, requestedUserName(operations));
            }
        });
        ScimProvisioning.Before before = user == null ? null : rules.before(user);
        if (!split[0].rest().isEmpty()) {
            super.patch(existing, split[0].rest());
        }
        after(existing.getId(), before, split[0].fields());
    }

    @Override
    public boolean onDelete(String id) {
        UserModel user = getModel(id);
        if (user != null) {
            ScimRefusals.run(session, () -> rules.deleting(user));
        }
        return super.onDelete(id);
    }

    @Override
    protected User createResourceTypeInstance(UserModel model, List<String> attributes, List<String> excluded) {
        return withFields(super.createResourceTypeInstance(model, attributes, excluded), model);
    }

    /** The phone and time zone, shown as SCIM shows them, so that an identity provider's read matches its write. */
    private static User withFields(User resource, UserModel user) {
        if (resource == null || user == null) {
            return resource;
        }
        String phone = user.getFirstAttribute(ProfileAttribute.PHONE_NUMBER.attributeName());
        if (phone != null && !phone.isEmpty()) {
            resource.setExtensions(ScimProfileFields.PHONE_NUMBERS, List.of(Map.of("value", phone, "type", "work", "primary", true)));
        } else if (resource.getExtensions() != null) {
            resource.getExtensions().remove(ScimProfileFields.PHONE_NUMBERS);
        }
        String zone = user.getFirstAttribute(ProfileAttribute.ZONEINFO.attributeName());
        resource.setTimezone(zone == null || zone.isEmpty() ? null : zone);
        return resource;
    }

    /**
     * Keycloak's SCIM server keeps any attribute it does not know as an "extension", answers 201 and echoes it
     * back without storing it. Extensions are keyed by their schema URN; a plain name is a typo or an attribute
     * OpsKnight does not have, and the identity provider should hear so instead of believing it was stored.
     */
    static void refuseUnknown(User resource) {
        if (resource.getExtensions() == null) {
            return;
        }
        for (String name : resource.getExtensions().keySet()) {
            if (!name.contains(":")) {
                throw ScimRefusal.invalidValue("Unknown attribute: " + name);
            }
        }
    }

    /**
     * Keycloak's SCIM server skips a PATCH of {@code id} or {@code meta} and answers 200, as if it had
     * happened: an identity provider that believes it changed them should hear that it did not.
     */
    static void refuseReadOnly(List<PatchOperation> operations) {
        for (PatchOperation operation : operations) {
            String path = operation.getPath();
            boolean readOnly = path != null ? isReadOnly(path)
                    : operation.getValue() != null && operation.getValue().isObject()
                    && (operation.getValue().has("id") || operation.getValue().has("meta"));
            if (readOnly) {
                throw ScimRefusal.mutability("The attributes id and meta are read-only.");
            }
        }
    }

    private static boolean isReadOnly(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        return name.equals("id") || name.equals("meta") || name.startsWith("meta.");
    }

    /** The userName a PATCH asks for, or null when it does not touch it. */
    static String requestedUserName(List<PatchOperation> operations) {
        String requested = null;
        for (PatchOperation operation : operations) {
            JsonNode value = operation.getValue();
            if (operation.getPath() == null) {
                if (value != null && value.isObject() && value.has("userName")) {
                    requested = value.get("userName").asText();
                }
            } else if (operation.getPath().strip().equalsIgnoreCase("userName")) {
                requested = value == null || value.isNull() ? "" : value.asText();
            }
        }
        return requested;
    }

    private void after(String id, ScimProvisioning.Before before, ScimProfileFields fields) {
        UserModel user = getModel(id);
        if (user != null && before != null) {
            ScimRefusals.run(session, () -> rules.changed(user, before, fields));
        }
    }
}
