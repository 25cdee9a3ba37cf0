package io.opsknight.identity.scim;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.scim.model.group.GroupResourceTypeProvider;
import org.keycloak.scim.protocol.request.PatchRequest.PatchOperation;
import org.keycloak.scim.resource.group.Group;

import java.util.List;
import java.util.Set;

/**
 * Keycloak's own SCIM resource type {@code Groups}: identity providers push role changes as membership
 * changes of a group (Okta and Entra ID PATCH its {@code members}). When the group is a role group before
 * or after the change, everyone who was or is in it gets the role their groups now give, in the same
 * transaction, or the whole request is refused.
 */
public class ScimGroups extends GroupResourceTypeProvider {

    private final ScimProvisioning rules;

    public ScimGroups(KeycloakSession session, ScimProvisioning rules) {
        super(session);
        this.rules = rules;
    }

    @Override
    public Group onCreate(Group group) {
        Group created = super.onCreate(group);
        GroupModel model = getModel(created.getId());
        ScimRefusals.run(session, () -> rules.groupChanged(model, Set.of()));
        return created;
    }

    @Override
    public Group update(Group resource) {
        Set<String> before = rules.roleGroupMembers(getModel(resource.getId()));
        Group updated = super.update(resource);
        ScimRefusals.run(session, () -> rules.groupChanged(getModel(resource.getId()), before));
        return updated;
    }

    @Override
    public void patch(Group existing, List<PatchOperation> operations) {
        Set<String> before = rules.roleGroupMembers(getModel(existing.getId()));
        super.patch(existing, operations);
        ScimRefusals.run(session, () -> rules.groupChanged(getModel(existing.getId()), before));
    }

    @Override
    public boolean onDelete(String id) {
        Set<String> before = rules.roleGroupMembers(getModel(id));
        boolean deleted = super.onDelete(id);
        ScimRefusals.run(session, () -> rules.groupChanged(null, before));
        return deleted;
    }
}
