package io.opsknight.identity.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads what committed: on PostgreSQL the tables themselves (e.g. the OK_AUDIT_EVENT rows of a change).
 * H2's dev-file database belongs to the server process: H2 would let the tests in only with
 * AUTO_SERVER=TRUE, which H2 refuses together with DB_CLOSE_ON_EXIT=FALSE, the setting that lets the
 * server drain its requests on SIGTERM (CrashSafetyIT). So on H2 the audit trail is read from the
 * recorder's DEBUG line, written in the same request as the row.
 */
public final class Db {

    private Db() {
    }

    public static boolean readable() {
        return "postgres".equals(System.getProperty("it.db"));
    }

    /** The rows of a query (PostgreSQL only), each column by its lower-cased label. */
    public static List<Map<String, Object>> query(String sql, Object... params) {
        if (!readable()) {
            throw new IllegalStateException("Only the PostgreSQL test database can be read from the tests");
        }
        try (Connection c = DriverManager.getConnection(System.getProperty("it.db.url"),
                System.getProperty("it.db.username", "postgres"), System.getProperty("it.db.password", ""));
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(r.getMetaData().getColumnLabel(i).toLowerCase(), r.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql + ": " + e, e);
        }
    }

    /** How many events of {@code type} the user has: rows on PostgreSQL, the recorder's lines on H2. */
    public static int auditCount(String userId, String type) {
        if (readable()) {
            return auditEvents(userId, type).size();
        }
        return (int) logLines().filter(l -> l.contains("audit " + type + " ") && l.contains(" user=" + userId)).count();
    }

    /** How many events of {@code type} a realm has (e.g. setup.completed). */
    public static int auditCountOfRealm(String realmName, String type) {
        if (readable()) {
            return query("select e.ID from OK_AUDIT_EVENT e join REALM r on r.ID = e.REALM_ID where r.NAME = ? and e.TYPE = ?",
                    realmName, type).size();
        }
        return (int) logLines().filter(l -> l.contains("audit " + type + " realm=" + realmName + " ")).count();
    }

    /** The audit events of a user, oldest first: type, details (JSON text), actor (PostgreSQL only). */
    public static List<Map<String, Object>> auditEvents(String userId, String type) {
        return query("select TYPE, DETAILS, ACTOR_ID from OK_AUDIT_EVENT where USER_ID = ? and TYPE = ? order by CREATED_AT, ID",
                userId, type);
    }

    private static Stream<String> logLines() {
        try {
            return Files.readAllLines(KeycloakServer.get().log()).stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
