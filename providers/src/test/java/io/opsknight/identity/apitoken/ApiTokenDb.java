package io.opsknight.identity.apitoken;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and (for the expiry case) changes OK_API_TOKEN rows over JDBC, behind the server's back, on
 * PostgreSQL (Keycloak opens its H2 dev-file database exclusively, so those checks run on PostgreSQL only,
 * as in RolesIT).
 */
final class ApiTokenDb {

    private ApiTokenDb() {
    }

    /** True when the test database can be read from here: PostgreSQL (H2's dev-file database belongs to the server process). */
    static boolean available() {
        return "postgres".equals(System.getProperty("it.db"));
    }

    static Connection connect() throws Exception {
        return DriverManager.getConnection(System.getProperty("it.db.url"),
                System.getProperty("it.db.username", "postgres"), System.getProperty("it.db.password", ""));
    }

    /** Every column of every row of the user's tokens, as text. */
    static List<Map<String, String>> rowsOf(String userId) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("select * from OK_API_TOKEN where USER_ID = ?")) {
            s.setString(1, userId);
            try (ResultSet r = s.executeQuery()) {
                ResultSetMetaData meta = r.getMetaData();
                while (r.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnName(i).toUpperCase(), r.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Moves a token's expiry into the past. */
    static void expire(String tokenId) throws Exception {
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("update OK_API_TOKEN set EXPIRES_AT = ? where ID = ?")) {
            s.setLong(1, System.currentTimeMillis() - 1000);
            s.setString(2, tokenId);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("no token " + tokenId);
            }
        }
    }
}
