package io.opsknight.identity.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the tables themselves, on PostgreSQL only (digests at rest, query plans). H2's dev-file database
 * belongs to the server process: H2 would let the tests in only with AUTO_SERVER=TRUE, which H2 refuses
 * together with DB_CLOSE_ON_EXIT=FALSE, the setting that lets the server drain its requests on SIGTERM
 * (CrashSafetyIT). The audit trail is read on every database through GET /audit (TestRealm.audit).
 */
public final class Db {

    private Db() {
    }

    public static boolean readable() {
        return "postgres".equals(System.getProperty("it.db"));
    }

    /** The rows of a query (PostgreSQL only), each column by its lower-cased label. */
    public static List<Map<String, Object>> query(String sql, Object... params) {
        return run(sql, params, s -> {
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
        });
    }

    /** An update or DDL statement (PostgreSQL only); the rows it changed. */
    public static int update(String sql, Object... params) {
        return run(sql, params, PreparedStatement::executeUpdate);
    }

    /**
     * Runs a statement in a transaction that stays open (holding its row locks) until {@link Held#close}
     * commits it (PostgreSQL only): a test holds a row while the server's requests queue behind it.
     */
    public static Held hold(String sql, Object... params) {
        if (!readable()) {
            throw new IllegalStateException("Only the PostgreSQL test database can be used from the tests");
        }
        try {
            Connection c = DriverManager.getConnection(System.getProperty("it.db.url"),
                    System.getProperty("it.db.username", "postgres"), System.getProperty("it.db.password", ""));
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                s.execute();
            }
            return new Held(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Statement failed: " + sql + ": " + e, e);
        }
    }

    /** An open transaction of {@link #hold}; closing it commits. */
    public static final class Held implements AutoCloseable {
        private final Connection connection;

        private Held(Connection connection) {
            this.connection = connection;
        }

        /** Waits (polling, up to 60 s) until at least {@code count} other statements wait for a lock. */
        public void awaitWaiters(int count) {
            long until = System.currentTimeMillis() + 60_000;
            while (waiters() < count) {
                if (System.currentTimeMillis() > until) {
                    throw new IllegalStateException("no " + count + " statement(s) waiting for a lock after 60 s");
                }
                Thread.onSpinWait();
            }
        }

        /** Statements of the test database waiting for a lock right now. */
        public static int waiters() {
            return ((Number) query("select count(*) as n from pg_stat_activity where wait_event_type = 'Lock'"
                    + " and datname = current_database()").get(0).get("n")).intValue();
        }

        @Override
        public void close() {
            try (connection) {
                connection.commit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private interface Work<T> {
        T on(PreparedStatement statement) throws SQLException;
    }

    private static <T> T run(String sql, Object[] params, Work<T> work) {
        if (!readable()) {
            throw new IllegalStateException("Only the PostgreSQL test database can be used from the tests");
        }
        try (Connection c = DriverManager.getConnection(System.getProperty("it.db.url"),
                System.getProperty("it.db.username", "postgres"), System.getProperty("it.db.password", ""));
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return work.on(s);
        } catch (SQLException e) {
            throw new IllegalStateException("Statement failed: " + sql + ": " + e, e);
        }
    }
}
