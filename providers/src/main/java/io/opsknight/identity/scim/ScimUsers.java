package io.opsknight.identity.scim;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.UserModel;
import org.keycloak.scim.model.user.UserResourceTypeProvider;
import org.keycloak.scim.protocol.request.PatchRequest.PatchOperation;
import org.keycloak.scim.resource.user.User;

import java.util.List;
import java.util.Locale;

/**
 * Keycloak's own SCIM resource type {@code Users}, with the OpsKnight rules run after each change, in the
 * same transaction: Keycloak still parses, authorizes, maps and stores; {@link ScimProvisioning} then sets
 * status and role, or refuses, which rolls the whole request back.
 */
public class ScimUsers extends UserResourceTypeProvider {

    private final ScimProvisioning rules;

    public ScimUsers(KeycloakSession session, ScimProvisioning rules) {
        super(session);
        this.rules = rules;
    }

    @Override
    public User onCreate(User resource) {
        refuseUnknown(resource);
        User created = super.onCreate(resource);
        UserModel user = getModel(created.getId());
        if (user != null) {
            ScimRefusals.run(session, () -> rules.created(user, !Boolean.FALSE.equals(resource.getActive())));
        }
        return created;
    }

    @Override
    public User update(User resource) {
        refuseUnknown(resource);
        UserModel user = getModel(resource.getId());
        ScimProvisioning.Before before = user == null ? null : rules.before(user);
        User updated = super.update(resource);
        after(resource.getId(), before);
        return updated;
    }

    @Override
    public void patch(User existing, List<PatchOperation> operations) {
        refuseReadOnly(operations);
        UserModel user = getModel(existing.getId());
        ScimProvisioning.Before before = user == null ? null : rules.before(user);
        super.patch(existing, operations);
        after(existing.getId(), before);
    }

    @Override
    public boolean onDelete(String id) {
        UserModel user = getModel(id);
        if (user != null) {
            ScimRefusals.run(session, () -> rules.deleting(user));
        }
        return super.onDelete(id);
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
                throw new ModelValidationException("Unknown attribute: " + name);
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
                throw new ModelValidationException("The attributes id and meta are read-only.");
            }
        }
    }

    private static boolean isReadOnly(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        return name.equals("id") || name.equals("meta") || name.startsWith("meta.");
    }

    private void after(String id, ScimProvisioning.Before before) {
        UserModel user = getModel(id);
        if (user != null && before != null) {
            ScimRefusals.run(session, () -> rules.changed(user, before));
        }
    }
}
