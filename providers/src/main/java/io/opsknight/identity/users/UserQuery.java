package io.opsknight.identity.users;

import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.roles.Role;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The admin's user list: {@code status}, {@code role} and {@code search} filters, newest first.
 * <p>
 * Why a JPQL query on Keycloak's own entities and not {@code session.users().searchForUserStream}:
 * Keycloak's attribute search compares {@code lower(value)} (issues #37607, #12671), which no index
 * serves, so a status filter would read every user of the realm. Here every status predicate is an
 * exact match on an indexed column, and it mirrors {@link UserStatus#of} exactly, including users
 * made before our listener or imported, who have no {@code opsknight_status} attribute at all:
 * <ul>
 *   <li>INVITED: an attribute row {@code (opsknight_status, 'INVITED')}: Keycloak's index
 *       IDX_USER_ATTRIBUTE_NAME (NAME, VALUE) finds the few invited users directly;</li>
 *   <li>ACTIVE: {@code ENABLED = true} and no INVITED row; DISABLED: {@code ENABLED = false} and no
 *       INVITED row. Keycloak's enabled flag is the truth (only ACTIVE users are enabled), so a missing
 *       or stale attribute cannot mislead the filter. Our index OK_IDX_USER_REALM_ENABLED_CREATED
 *       (REALM_ID, ENABLED, CREATED_TIMESTAMP) returns those users already newest first, so a page
 *       reads about first+max rows, each with one INVITED probe on IDX_USER_ATTRIBUTE (USER_ID).</li>
 * </ul>
 * Without a status filter, Keycloak's IDX_USER_CREATED_TIMESTAMP (REALM_ID, CREATED_TIMESTAMP) gives
 * the order. Roles mirror {@code UserRoles.roleOf} (the lowest role held applies; no role is USER).
 * The free-text search is a substring match and does scan; it is not the status filter.
 */
final class UserQuery {

    static final int MAX_PAGE = 100;
    static final int DEFAULT_PAGE = 20;

    private UserQuery() {
    }

    static List<UserModel> list(KeycloakSession session, RealmModel realm, UserStatus status, Role role,
                                String search, int first, int max) {
        StringBuilder jpql = new StringBuilder(
                "select u.id from UserEntity u where u.realmId = :realmId and u.serviceAccountClientLink is null");
        Map<String, Object> params = new HashMap<>();
        params.put("realmId", realm.getId());

        if (status != null) {
            String invited = "exists (select a.id from UserAttributeEntity a where a.user = u"
                    + " and a.name = :statusName and a.value = :invited)";
            params.put("statusName", UserStatus.ATTRIBUTE);
            params.put("invited", UserStatus.INVITED.name());
            switch (status) {
                case INVITED -> jpql.append(" and ").append(invited);
                case ACTIVE -> jpql.append(" and u.enabled = true and not ").append(invited);
                case DISABLED -> jpql.append(" and u.enabled = false and not ").append(invited);
            }
        }
        if (role != null) {
            String admin = roleId(realm, Role.ADMIN);
            String responder = roleId(realm, Role.RESPONDER);
            String has = "exists (select m.roleId from UserRoleMappingEntity m where m.user = u and m.roleId = :%s)";
            params.put("adminRole", admin);
            // Mirrors UserRoles.roleOf: the lowest OpsKnight role held applies; none is USER.
            params.put("responderRole", responder);
            params.put("userRole", roleId(realm, Role.USER));
            switch (role) {
                case ADMIN -> jpql.append(" and ").append(has.formatted("adminRole"))
                        .append(" and not ").append(has.formatted("responderRole"))
                        .append(" and not ").append(has.formatted("userRole"));
                case RESPONDER -> jpql.append(" and ").append(has.formatted("responderRole"))
                        .append(" and not ").append(has.formatted("userRole"));
                case USER -> jpql.append(" and (").append(has.formatted("userRole"))
                        .append(" or (not ").append(has.formatted("adminRole"))
                        .append(" and not ").append(has.formatted("responderRole")).append("))");
            }
        }
        if (search != null && !search.isBlank()) {
            params.put("search", "%" + escapeLike(search.trim().toLowerCase(Locale.ROOT)) + "%");
            jpql.append(" and (u.email like :search escape '!' or u.username like :search escape '!'"
                    + " or lower(u.firstName) like :search escape '!' or lower(u.lastName) like :search escape '!')");
        }
        jpql.append(" order by u.createdTimestamp desc, u.id desc");

        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        TypedQuery<String> query = em.createQuery(jpql.toString(), String.class);
        // Only the parameters this query uses (Hibernate refuses unknown ones).
        params.forEach((name, value) -> {
            if (query.getParameters().stream().anyMatch(p -> name.equals(p.getName()))) {
                query.setParameter(name, value);
            }
        });
        query.setFirstResult(first);
        query.setMaxResults(max);
        List<UserModel> users = new ArrayList<>();
        for (String id : query.getResultList()) {
            // Through Keycloak's user provider (and its cache), so every view reads the same model.
            UserModel user = session.users().getUserById(realm, id);
            if (user != null) {
                users.add(user);
            }
        }
        return users;
    }

    private static String roleId(RealmModel realm, Role role) {
        RoleModel model = realm.getRole(role.name());
        // A realm without the role (never, with our realm-config) matches nobody rather than everybody.
        return model == null ? "missing-" + role.name() : Objects.requireNonNull(model.getId());
    }

    /** Makes % and _ in the user's search literal; '!' is the escape character. */
    static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
