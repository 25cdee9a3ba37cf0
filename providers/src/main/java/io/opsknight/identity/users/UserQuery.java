package io.opsknight.identity.users;

import io.opsknight.identity.invitation.InvitationService;
import io.opsknight.identity.invitation.InvitationStatus;
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
 * The admin's user list: {@code status}, {@code role}, {@code search} and {@code undelivered} filters, in one of
 * five orders, and the counters per status. One native SQL text for PostgreSQL and H2 (JPQL cannot name the
 * expressions our indexes are built on); every shape is served by an index on PostgreSQL
 * ({@code PeopleQueryPlanIT} checks the plans; the indexes are in the changelogs
 * {@code opsknight-2026-12-06-people-list-indexes.xml} and {@code opsknight-2026-12-07-people-counts.xml}).
 * <p>
 * Why not {@code session.users().searchForUserStream}: Keycloak's attribute search compares {@code lower(value)}
 * (keycloak#37607, keycloak#12671), which no index serves, so a status filter would read every user of the
 * realm. Here every status predicate is an exact match on an indexed column, and it mirrors {@link UserStatus#of}
 * exactly, including users made before our listener or imported, who have no {@code opsknight_status} attribute:
 * <ul>
 *   <li>INVITED: an attribute row {@code (opsknight_status, 'INVITED')}: our partial index
 *       OK_IDX_USER_ATTRIBUTE_INVITED (USER_ID) holds exactly the invited users (Keycloak's IDX_USER_ATTRIBUTE_NAME
 *       on other databases);</li>
 *   <li>ACTIVE: {@code ENABLED = true} and no INVITED row; DISABLED: {@code ENABLED = false} and no
 *       INVITED row. Keycloak's enabled flag is the truth (only ACTIVE users are enabled). Our index
 *       OK_IDX_USER_REALM_ENABLED_CREATED (REALM_ID, ENABLED, CREATED_TIMESTAMP) returns those users already
 *       newest first, so a page reads about first+max rows, each with one INVITED probe by USER_ID.</li>
 * </ul>
 * Without a status filter, Keycloak's IDX_USER_CREATED_TIMESTAMP (REALM_ID, CREATED_TIMESTAMP) gives the newest
 * first. Roles mirror {@code UserRoles.roleOf} (the lowest role held applies; no role is USER), each a probe of
 * USER_ROLE_MAPPING's primary key. The search is a case-insensitive PREFIX of the full name ("first last"),
 * the last name or the email (Keycloak keeps emails in lower case), so each of the three is a range of a
 * {@code text_pattern_ops} index. Sorting by name or email walks an index in that order; by status it reads
 * the three statuses one after the other, each newest first, placed by the counters. Last sign-in is the newest
 * LOGIN event Keycloak stored (index IDX_EVENT_ENTITY_USER_ID_TYPE per person), so that order reads every match:
 * fast with a search, slow without one in a large realm (docs/people.md says so). Counting with a role filter
 * and no search also reads every holder of the role.
 * <p>
 * The counters are one statement (one snapshot): a count of the matches grouped by the enabled flag, and the
 * same for those with an INVITED row; the differences give ACTIVE and DISABLED exactly. With a search, each match
 * is read once and marked by a hash of the realm's INVITED ids. Without any filter but the status, PostgreSQL's
 * triggers keep the realm's sums ({@link PeopleCounts}); elsewhere the first count is an index scan of the realm
 * and the second starts from the few INVITED rows.
 */
public final class UserQuery {

    static final int MAX_PAGE = 100;
    static final int DEFAULT_PAGE = 20;
    private static final String NEWEST = "u.created_timestamp desc, u.id desc";
    /** The full name as the search sees it; the same text as the index OK_IDX_USER_FULL_NAME_PREFIX's expression. */
    static final String FULL_NAME = "lower(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, ''))";

    /** The list's orders; JOINED (newest first) is the API's. Ties go to the newest, then the id. */
    public enum Sort {
        JOINED(NEWEST),
        NAME("lower(u.first_name) asc nulls last, u.email asc nulls last, " + NEWEST),
        EMAIL("u.email asc nulls last, " + NEWEST),
        LAST_SIGN_IN("(select max(e.event_time) from event_entity e where e.user_id = u.id and e.type = 'LOGIN'"
                + " and e.realm_id = :realmId) desc nulls last, " + NEWEST),
        /** INVITED, ACTIVE, DISABLED, each newest first: read status by status (see {@link #list}). */
        STATUS(NEWEST);

        private final String order;
        /** The same order in expressions no index has (see {@link #pageSql}). */
        private final String searchOrder;

        Sort(String order) {
            this.order = order;
            this.searchOrder = order.replace("lower(u.first_name)", "(lower(u.first_name) || '')")
                    .replace("u.email asc", "(u.email || '') asc")
                    .replace("u.created_timestamp desc", "(u.created_timestamp + 0) desc");
        }
    }

    /**
     * The filters of the list; null fields do not filter. {@code undelivered}: only people whose open
     * invitation's newest email will not arrive (DEAD or NOT_CONFIGURED in the outbox).
     */
    public record Filter(UserStatus status, Role role, String search, boolean undelivered) {

        public Filter(UserStatus status, Role role, String search) {
            this(status, role, search, false);
        }

        Filter with(UserStatus other) {
            return new Filter(other, role, search, undelivered);
        }

        /** Whether the list is searched (a blank search is none). */
        boolean searches() {
            return search != null && !search.isBlank();
        }
    }

    private UserQuery() {
    }

    static List<UserModel> list(KeycloakSession session, RealmModel realm, UserStatus status, Role role,
                                String search, int first, int max) {
        return list(session, realm, new Filter(status, role, search), Sort.JOINED, first, max);
    }

    /** One page of the people matching {@code filter}, in {@code sort} order. */
    public static List<UserModel> list(KeycloakSession session, RealmModel realm, Filter filter, Sort sort, int first, int max) {
        return list(session, realm, filter, sort, first, max, null);
    }

    /**
     * One page; {@code counts} are the filter's counters when the caller has them already ({@link #countByStatus}
     * of the filter without its status), which the STATUS order needs to place its three segments.
     */
    public static List<UserModel> list(KeycloakSession session, RealmModel realm, Filter filter, Sort sort, int first, int max,
                                       Map<UserStatus, Long> counts) {
        List<String> ids = new ArrayList<>();
        if (sort == Sort.STATUS && filter.status() == null) {
            Map<UserStatus, Long> c = counts != null ? counts : countByStatus(session, realm, filter);
            long start = 0;
            for (UserStatus status : List.of(UserStatus.INVITED, UserStatus.ACTIVE, UserStatus.DISABLED)) {
                long size = c.get(status);
                long from = Math.max(first, start);
                long to = Math.min((long) first + max, start + size);
                if (from < to) {
                    ids.addAll(ids(session, realm, filter.with(status), Sort.JOINED, (int) (from - start), (int) (to - from)));
                }
                start += size;
            }
        } else {
            ids.addAll(ids(session, realm, filter, sort, first, max));
        }
        List<UserModel> users = new ArrayList<>();
        for (String id : ids) {
            // Through Keycloak's user provider (and its cache), so every view reads the same model.
            UserModel user = session.users().getUserById(realm, id);
            if (user != null) {
                users.add(user);
            }
        }
        return users;
    }

    private static List<String> ids(KeycloakSession session, RealmModel realm, Filter filter, Sort sort, int first, int max) {
        Sql sql = pageSql(realm.getId(), roleIds(realm, filter), filter, sort);
        Query query = em(session).createNativeQuery(sql.text());
        bind(query, sql.params());
        query.setFirstResult(first);
        query.setMaxResults(max);
        List<String> ids = new ArrayList<>();
        for (Object id : query.getResultList()) {
            ids.add((String) id);
        }
        return ids;
    }

    /**
     * The ids of everyone matching {@code filter}, in the list's order, read through database cursors
     * {@code fetchSize} rows at a time (the CSV export: no page offsets, nothing held in memory). Close the stream.
     * The STATUS order is the three statuses one after the other, each its own cursor, opened when reached.
     */
    public static Stream<String> ids(KeycloakSession session, RealmModel realm, Filter filter, Sort sort, int fetchSize) {
        if (sort == Sort.STATUS && filter.status() == null) {
            return Stream.of(UserStatus.INVITED, UserStatus.ACTIVE, UserStatus.DISABLED)
                    .flatMap(status -> ids(session, realm, filter.with(status), Sort.JOINED, fetchSize));
        }
        Sql sql = pageSql(realm.getId(), roleIds(realm, filter), filter, sort);
        Query query = em(session).createNativeQuery(sql.text());
        bind(query, sql.params());
        query.setHint("org.hibernate.fetchSize", fetchSize);
        query.setHint("org.hibernate.readOnly", true);
        @SuppressWarnings("unchecked")
        Stream<Object> rows = query.getResultStream();
        return rows.map(String.class::cast);
    }

    /** How many people match {@code filter} with each status in its place (the counters of the list). */
    public static Map<UserStatus, Long> countByStatus(KeycloakSession session, RealmModel realm, Filter filter) {
        EntityManager em = em(session);
        long[][] n; // [all, invited][disabled, enabled]
        if (filter.role() == null && !filter.undelivered() && !filter.searches() && PeopleCounts.kept(em)) {
            // The whole realm: PostgreSQL's triggers keep these sums (a few rows, not a million index entries).
            n = PeopleCounts.read(em, realm.getId());
        } else {
            Sql sql = countSql(realm.getId(), roleIds(realm, filter), filter);
            Query query = em.createNativeQuery(sql.text());
            bind(query, sql.params());
            n = new long[2][2];
            for (Object row : query.getResultList()) {
                add(n, (Object[]) row);
            }
        }
        Map<UserStatus, Long> counts = new EnumMap<>(UserStatus.class);
        counts.put(UserStatus.INVITED, n[1][0] + n[1][1]);
        counts.put(UserStatus.ACTIVE, n[0][1] - n[1][1]);
        counts.put(UserStatus.DISABLED, n[0][0] - n[1][0]);
        return counts;
    }

    /** Adds a counting row (kind 0 people / 1 INVITED, enabled flag, count, ...) to {@code [kind][enabled]}. */
    static void add(long[][] n, Object[] row) {
        n[((Number) row[0]).intValue()][Boolean.TRUE.equals(row[1]) ? 1 : 0] += ((Number) row[2]).longValue();
    }

    /** One statement's SQL and its named parameters (PeopleQueryPlanIT has PostgreSQL explain them). */
    record Sql(String text, Map<String, Object> params) {
    }

    /**
     * The ids of the people matching {@code filter} in {@code sort} order; the caller pages it. With a search, the
     * matches come from the prefix indexes and are sorted: walking an order's index instead, hoping to meet 20
     * matches early, reads most of the realm when they are all far down (a prefix of old accounts, sorted newest
     * first). The counters read every match anyway, so the sort costs no more than they do.
     */
    static Sql pageSql(String realmId, Map<Role, String> roleIds, Filter filter, Sort sort) {
        Map<String, Object> params = new HashMap<>();
        String where = where(realmId, roleIds, filter, params);
        String order = filter.searches() ? sort.searchOrder : sort.order;
        return new Sql("select u.id from user_entity u where " + where + " order by " + order, params);
    }

    /**
     * The counters in one statement (one snapshot): the matches (the filter without its status) per enabled flag,
     * then those of them with an INVITED row, per enabled flag.
     */
    static Sql countSql(String realmId, Map<Role, String> roleIds, Filter filter) {
        Map<String, Object> params = new HashMap<>();
        String all = where(realmId, roleIds, filter.with(null), params);
        if (filter.searches()) {
            // A search's matches are read once, each marked by the realm's INVITED people (a hash of the partial
            // index OK_IDX_USER_ATTRIBUTE_INVITED): probing the INVITED ids against the search instead reads every
            // INVITED person of the realm twice (10,000 heap reads at 1,000,000 people, most of the time).
            return new Sql("select case when i.user_id is null then 0 else 1 end, u.enabled, count(*) from user_entity u"
                    + " left join (select distinct a.user_id from user_attribute a where " + INVITED_MARK + ") i"
                    + " on i.user_id = u.id where " + all + " group by 1, u.enabled", params);
        }
        return new Sql("select 0, u.enabled, count(*) from user_entity u where " + all
                + " group by u.enabled union all select 1, u.enabled, count(*) from user_entity u where " + all
                + " and " + INVITED + " group by u.enabled", params);
    }

    /** The ids of the realm's OpsKnight roles, when the filter has a role. */
    private static Map<Role, String> roleIds(RealmModel realm, Filter filter) {
        Map<Role, String> ids = new EnumMap<>(Role.class);
        if (filter.role() != null) {
            for (Role role : Role.values()) {
                ids.put(role, roleId(realm, role));
            }
        }
        return ids;
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

    /**
     * An INVITED row of USER_ATTRIBUTE, with our constants as literals (never input): PostgreSQL uses the partial
     * index OK_IDX_USER_ATTRIBUTE_INVITED (USER_ID) only when the statement itself implies its predicate, which a
     * bound parameter of a cached generic plan does not.
     */
    private static final String INVITED_MARK = "a.name = '" + UserStatus.ATTRIBUTE + "' and a.value = '"
            + UserStatus.INVITED.name() + "'";

    /**
     * The person has an INVITED row. As a filter, the few INVITED ids are read first (our partial index on
     * PostgreSQL, Keycloak's IDX_USER_ATTRIBUTE_NAME elsewhere) and each is looked up by primary key: with an
     * EXISTS, PostgreSQL would rather hash the rows and read the whole user table.
     */
    private static final String INVITED = "u.id = any(array(select a.user_id from user_attribute a where "
            + INVITED_MARK + "))";
    /** No INVITED row: one probe by USER_ID per person the index order reads (ACTIVE and DISABLED). */
    private static final String NOT_INVITED = "not exists (select 1 from user_attribute a where a.user_id = u.id"
            + " and " + INVITED_MARK + ")";

    private static String where(String realmId, Map<Role, String> roleIds, Filter filter, Map<String, Object> params) {
        UserStatus status = filter.status();
        Role role = filter.role();
        String search = filter.search();
        StringBuilder sql = new StringBuilder("u.realm_id = :realmId and u.service_account_client_link is null");
        params.put("realmId", realmId);
        if (status != null) {
            switch (status) {
                case INVITED -> sql.append(" and ").append(INVITED);
                case ACTIVE -> sql.append(" and u.enabled = true and ").append(NOT_INVITED);
                case DISABLED -> sql.append(" and u.enabled = false and ").append(NOT_INVITED);
            }
        }
        if (role != null) {
            String has = "exists (select 1 from user_role_mapping m where m.user_id = u.id and m.role_id = :%s)";
            params.put("adminRole", roleIds.get(Role.ADMIN));
            // Mirrors UserRoles.roleOf: the lowest OpsKnight role held applies; none is USER.
            params.put("responderRole", roleIds.get(Role.RESPONDER));
            params.put("userRole", roleIds.get(Role.USER));
            switch (role) {
                case ADMIN -> sql.append(" and ").append(has.formatted("adminRole"))
                        .append(" and not ").append(has.formatted("responderRole"))
                        .append(" and not ").append(has.formatted("userRole"));
                case RESPONDER -> sql.append(" and ").append(has.formatted("responderRole"))
                        .append(" and not ").append(has.formatted("userRole"));
                case USER -> sql.append(" and (").append(has.formatted("userRole"))
                        .append(" or (not ").append(has.formatted("adminRole"))
                        .append(" and not ").append(has.formatted("responderRole")).append("))");
            }
        }
        if (filter.undelivered()) {
            // The newest email of the person's open invitation (superseded ones never count) is DEAD or NOT_CONFIGURED.
            params.put("openInvitation", InvitationStatus.PENDING.name());
            params.put("undelivered", InvitationService.UNDELIVERED);
            sql.append(" and exists (select 1 from ok_invitation i where i.realm_id = :realmId and i.user_id = u.id"
                    + " and i.status = :openInvitation and exists (select 1 from ok_outbox m"
                    + " where m.channel = 'email' and m.ref = i.id and m.status in (:undelivered)"
                    + " and not exists (select 1 from ok_outbox n where n.channel = m.channel and n.ref = m.ref"
                    + " and n.status <> 'SUPERSEDED' and n.created_at > m.created_at)))");
        }
        if (filter.searches()) {
            // A prefix; '\' (the default LIKE escape of PostgreSQL and H2) makes % and _ literal.
            params.put("prefix", escapeLike(search.strip().toLowerCase(Locale.ROOT)) + "%");
            sql.append(" and (").append(FULL_NAME).append(" like :prefix or lower(u.last_name) like :prefix"
                    + " or u.email like :prefix)");
        }
        return sql.toString();
    }

    private static String roleId(RealmModel realm, Role role) {
        RoleModel model = realm.getRole(role.name());
        // A realm without the role (never, with our realm-config) matches nobody rather than everybody.
        return model == null ? "missing-" + role.name() : Objects.requireNonNull(model.getId());
    }

    /** Makes % and _ in the user's search literal; the backslash is LIKE's default escape character. */
    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
