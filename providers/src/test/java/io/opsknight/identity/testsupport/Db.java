package io.opsknight.identity.testsupport;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Reads the test server's database directly, on H2 and PostgreSQL alike: what committed is what the
 * tables hold. On H2 the server opens its dev-file database with AUTO_SERVER=TRUE (see KeycloakServer),
 * so this process connects through the H2 driver of the distribution itself (same version as the server).
 */
public final class Db {

    private static Driver h2;

    private Db() {
    }

    /** The rows of a query, each column by its lower-cased label. */
    public static List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
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

    /** The audit events of a user, oldest first: type and details (JSON text). */
    public static List<Map<String, Object>> auditEvents(String userId, String type) {
        return query("select TYPE, DETAILS, ACTOR_ID from OK_AUDIT_EVENT where USER_ID = ? and TYPE = ? order by CREATED_AT, ID",
                userId, type);
    }

    /** Audit events of a realm by type (e.g. setup.completed, which has no actor). */
    public static List<Map<String, Object>> auditEventsOfRealm(String realmName, String type) {
        return query("select e.TYPE, e.USER_ID, e.DETAILS from OK_AUDIT_EVENT e join REALM r on r.ID = e.REALM_ID"
                + " where r.NAME = ? and e.TYPE = ? order by e.CREATED_AT, e.ID", realmName, type);
    }

    private static Connection connect() throws SQLException {
        if ("postgres".equals(System.getProperty("it.db"))) {
            return DriverManager.getConnection(System.getProperty("it.db.url"),
                    System.getProperty("it.db.username", "postgres"), System.getProperty("it.db.password", ""));
        }
        Path home = KeycloakServer.get().home();
        Properties credentials = new Properties();
        credentials.setProperty("user", KeycloakServer.H2_USER);
        credentials.setProperty("password", KeycloakServer.H2_PASSWORD);
        return h2Driver(home).connect(KeycloakServer.h2Url(home), credentials);
    }

    private static synchronized Driver h2Driver(Path home) {
        if (h2 == null) {
            try (Stream<Path> jars = Files.list(home.resolve("lib/lib/main"))) {
                Path jar = jars.filter(p -> p.getFileName().toString().startsWith("com.h2database.h2-")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("No H2 jar in " + home));
                ClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, Db.class.getClassLoader());
                h2 = (Driver) loader.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot load the distribution's H2 driver: " + e, e);
            }
        }
        return h2;
    }
}
