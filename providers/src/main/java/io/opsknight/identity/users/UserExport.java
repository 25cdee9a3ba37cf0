package io.opsknight.identity.users;

import io.opsknight.identity.common.Times;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.roles.Role;
import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The People list as CSV ({@code GET /users/export} and the page's "Export CSV"): the rows of
 * {@link UserQuery} for one filter and sort, written while they are read. The ids come through one database
 * cursor and each chunk of {@value #CHUNK} is completed by four set queries (profile, INVITED mark, roles, last
 * sign-in), so 100,000 people cost a few hundred queries and one chunk of memory.
 * <p>
 * Columns: {@link #HEADER}. {@code email,name,role} come first so that the file is also a CSV invitation import;
 * the others follow as the list shows them (role and status names, joined as a day, last sign-in to the minute
 * in UTC, empty when never) plus {@code id} and {@code created} (ISO-8601 UTC). Cells are quoted where CSV needs
 * it, and a cell a spreadsheet would run as a formula (starting with {@code = + - @}, tab or carriage return)
 * gets a leading apostrophe.
 * <p>
 * The answer is written after the request's own transaction has ended, so the export opens its own.
 */
public final class UserExport {

    public static final List<String> HEADER = List.of("email", "name", "role", "id", "status", "created", "joined", "last_sign_in");
    static final int CHUNK = 500;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final UserQuery.Filter filter;
    private final UserQuery.Sort sort;

    public UserExport(KeycloakSession session, RealmModel realm, UserQuery.Filter filter, UserQuery.Sort sort) {
        this.factory = session.getKeycloakSessionFactory();
        this.realmId = realm.getId();
        this.filter = filter;
        this.sort = sort;
    }

    /** The file's name: {@code people-<realm>-<UTC day>.csv}. */
    public static String fileName(RealmModel realm, long nowMillis) {
        return "people-" + realm.getName().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + DAY.format(Instant.ofEpochMilli(nowMillis)) + ".csv";
    }

    /** Writes the header and every matching person to {@code out} (UTF-8 with a BOM, so spreadsheets read accents). */
    public void write(OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write('\uFEFF');
        line(w, HEADER);
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                session.getContext().setRealm(realm);
                try (Stream<String> ids = UserQuery.ids(session, realm, filter, sort, CHUNK)) {
                    Iterator<String> it = ids.iterator();
                    List<String> chunk = new ArrayList<>(CHUNK);
                    while (it.hasNext()) {
                        chunk.add(it.next());
                        if (chunk.size() == CHUNK || !it.hasNext()) {
                            writeChunk(session, realm, chunk, w);
                            chunk.clear();
                        }
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the browser went away: nothing to answer
        }
        w.flush();
    }

    private void writeChunk(KeycloakSession session, RealmModel realm, List<String> ids, Writer w) {
        EntityManager em = UserQuery.em(session);
        Map<String, Object[]> users = new HashMap<>();
        em.createQuery("select u.id, u.email, u.firstName, u.lastName, u.createdTimestamp, u.enabled from UserEntity u"
                        + " where u.id in :ids", Object[].class)
                .setParameter("ids", ids).getResultList().forEach(r -> users.put((String) r[0], r));
        Set<String> invited = new HashSet<>(em.createQuery("select a.user.id from UserAttributeEntity a where a.user.id in :ids"
                        + " and a.name = :name and a.value = :invited", String.class)
                .setParameter("ids", ids).setParameter("name", UserStatus.ATTRIBUTE)
                .setParameter("invited", UserStatus.INVITED.name()).getResultList());
        Map<String, Role> roleById = new HashMap<>();
        for (Role role : Role.values()) {
            RoleModel model = realm.getRole(role.name());
            if (model != null) {
                roleById.put(model.getId(), role);
            }
        }
        Map<String, Set<Role>> held = new HashMap<>();
        if (!roleById.isEmpty()) {
            em.createQuery("select m.user.id, m.roleId from UserRoleMappingEntity m where m.user.id in :ids and m.roleId in :roles",
                            Object[].class)
                    .setParameter("ids", ids).setParameter("roles", roleById.keySet()).getResultList()
                    .forEach(r -> held.computeIfAbsent((String) r[0], k -> EnumSet.noneOf(Role.class)).add(roleById.get((String) r[1])));
        }
        Map<String, Long> lastLogin = new HashMap<>();
        em.createQuery("select e.userId, max(e.time) from EventEntity e where e.realmId = :realmId and e.type = 'LOGIN'"
                        + " and e.userId in :ids group by e.userId", Object[].class)
                .setParameter("realmId", realm.getId()).setParameter("ids", ids).getResultList()
                .forEach(r -> lastLogin.put((String) r[0], (Long) r[1]));
        try {
            for (String id : ids) {
                Object[] u = users.get(id);
                if (u == null) {
                    continue; // deleted since the cursor read it
                }
                String first = u[2] == null ? "" : ((String) u[2]).trim();
                String last = u[3] == null ? "" : ((String) u[3]).trim();
                // As UserStatus.of and UserRoles.roleOf read them (the lowest of several roles applies; none is USER).
                UserStatus status = invited.contains(id) ? UserStatus.INVITED : Boolean.TRUE.equals(u[5]) ? UserStatus.ACTIVE : UserStatus.DISABLED;
                Role role = Role.lowestOf(held.getOrDefault(id, EnumSet.noneOf(Role.class)));
                Long created = (Long) u[4];
                Long signIn = lastLogin.get(id);
                line(w, List.of(u[1] == null ? "" : (String) u[1], (first + " " + last).trim(), role.name(), id, status.name(),
                        created == null ? "" : Times.iso(created),
                        created == null ? "" : DAY.format(Instant.ofEpochMilli(created)),
                        signIn == null ? "" : MINUTE.format(Instant.ofEpochMilli(signIn))));
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(cell(cells.get(i)));
        }
        w.write("\r\n");
    }

    /** One CSV cell: formula-safe first, then quoted when it holds a comma, semicolon, quote or line break. */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf(';') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
