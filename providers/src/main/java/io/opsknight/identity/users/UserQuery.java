package io.opsknight.identity.users;

import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.roles.Role;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The admin's user list: {@code status}, {@code role} and {@code search} filters, newest first.
 * <p>
 * Why a JPQL query on Keycloak's own entities and not {@code session.users().searchForUserStream}:
 * Keycloak's attribute search compares {@code lower(value)} (keycloak#37607, keycloak#12671), which no index
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
 * <p>
 * The People page sorts by name, email, joined, last sign-in (the newest LOGIN event Keycloak stored for
 * the person; the realm keeps login events) or status, and counts the matches per status for its counters.
 */
public final class UserQuery {

    static final int MAX_PAGE = 100;
    static final int DEFAULT_PAGE = 20;

    /** The list's orders; JOINED (newest first) is the API's. */
    public enum Sort {
        JOINED("u.createdTimestamp desc"),
        NAME("lower(u.firstName) asc nulls last, u.email asc"),
        EMAIL("u.email asc"),
        LAST_SIGN_IN("(select max(e.time) from EventEntity e where e.realmId = :realmId and e.userId = u.id"
                + " and e.type = 'LOGIN') desc nulls last"),
        STATUS("case when exists (select a.id from UserAttributeEntity a where a.user = u and a.name = :statusName"
                + " and a.value = :invited) then 0 when u.enabled = true then 1 else 2 end asc");

        private final String order;

        Sort(String order) {
            this.order = order;
        }
    }

    /** The filters of the list; null fields do not filter. */
    public record Filter(UserStatus status, Role role, String search) {
    }

    private UserQuery() {
    }

    static List<UserModel> list(KeycloakSession session, RealmModel realm, UserStatus status, Role role,
                                String search, int first, int max) {
        return list(session, realm, new Filter(status, role, search), Sort.JOINED, first, max);
    }

    /** One page of the people matching {@code filter}, in {@code sort} order (then newest first). */
    public static List<UserModel> list(KeycloakSession session, RealmModel realm, Filter filter, Sort sort, int first, int max) {
        TypedQuery<String> query = idQuery(session, realm, filter, sort);
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

    /**
     * The ids of everyone matching {@code filter}, in the list's order, read through one database cursor
     * {@code fetchSize} rows at a time (the CSV export: no page offsets, nothing held in memory). Close the stream.
     */
    public static Stream<String> ids(KeycloakSession session, RealmModel realm, Filter filter, Sort sort, int fetchSize) {
        TypedQuery<String> query = idQuery(session, realm, filter, sort);
        query.setHint("org.hibernate.fetchSize", fetchSize);
        query.setHint("org.hibernate.readOnly", true);
        return query.getResultStream();
    }

    private static TypedQuery<String> idQuery(KeycloakSession session, RealmModel realm, Filter filter, Sort sort) {
        Map<String, Object> params = new HashMap<>();
        String jpql = "select u.id from UserEntity u where " + where(realm, filter, params)
                + " order by " + sort.order + (sort == Sort.JOINED ? "" : ", u.createdTimestamp desc") + ", u.id desc";
        if (sort == Sort.STATUS) {
            params.put("statusName", UserStatus.ATTRIBUTE);
            params.put("invited", UserStatus.INVITED.name());
        }
        TypedQuery<String> query = em(session).createQuery(jpql, String.class);
        bind(query, params);
        return query;
    }

    /** How many people match {@code filter} with each status in its place (the counters of the list). */
    public static Map<UserStatus, Long> countByStatus(KeycloakSession session, RealmModel realm, Filter filter) {
        Map<UserStatus, Long> counts = new EnumMap<>(UserStatus.class);
        for (UserStatus status : UserStatus.values()) {
            Map<String, Object> params = new HashMap<>();
            TypedQuery<Long> query = em(session).createQuery("select count(u) from UserEntity u where "
                    + where(realm, new Filter(status, filter.role(), filter.search()), params), Long.class);
            bind(query, params);
            counts.put(status, query.getSingleResult());
        }
        return counts;
    }

    /** When the person last signed in (the newest stored LOGIN event), or null. */
    public static Long lastSignIn(KeycloakSession session, RealmModel realm, UserModel user) {
        TypedQuery<Long> query = em(session).createQuery("select max(e.time) from EventEntity e where e.realmId = :realmId"
                + " and e.userId = :userId and e.type = 'LOGIN'", Long.class);
        query.setParameter("realmId", realm.getId());
        query.setParameter("userId", user.getId());
        return query.getSingleResult();
    }

    static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Only the parameters this query uses (Hibernate refuses unknown ones). */
    private static void bind(Query query, Map<String, Object> params) {
        params.forEach((name, value) -> {
            if (query.getParameters().stream().anyMatch(p -> name.equals(p.getName()))) {
                query.setParameter(name, value);
            }
        });
    }

    private static String where(RealmModel realm, Filter filter, Map<String, Object> params) {
        UserStatus status = filter.status();
        Role role = filter.role();
        String search = filter.search();
        StringBuilder jpql = new StringBuilder("u.realmId = :realmId and u.serviceAccountClientLink is null");
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
        return jpql.toString();
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
