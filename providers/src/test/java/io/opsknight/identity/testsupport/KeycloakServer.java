package io.opsknight.identity.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real Keycloak distribution per test JVM: our jars installed into its providers/ folder,
 * fresh data, free ports, stopped when the tests end (also when they fail). Its output goes to
 * target/keycloak-server.log.
 */
public final class KeycloakServer {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static KeycloakServer instance;
    private static KeycloakServer secondNode;

    private final Path home;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    /** Whether this node starts on a fresh database (the first node) or joins the first node's. */
    private final boolean freshDatabase;
    /** After the first start, a restart keeps the data (crash and graceful-stop tests). */
    private boolean startedOnce;
    private Process process;

    private KeycloakServer(Path home, Path log, boolean freshDatabase) {
        this.home = home;
        this.log = log;
        this.freshDatabase = freshDatabase;
        this.httpPort = freePort();
        this.managementPort = freePort();
    }

    /** The running server, started on first use. */
    public static synchronized KeycloakServer get() {
        if (instance == null) {
            KeycloakServer server = new KeycloakServer(Path.of(required("it.kc.home")), Path.of(required("it.kc.log")), true);
            server.start();
            instance = server;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stop"));
        }
        return instance;
    }

    /**
     * A second node on the first node's PostgreSQL database: its own copy of the distribution, its own
     * ports and local caches, log target/keycloak-server-node2.log. For races that only the database can
     * decide. Null on H2, whose dev-file database belongs to one process.
     */
    public static synchronized KeycloakServer secondNode() {
        if (!"postgres".equals(System.getProperty("it.db", "h2"))) {
            return null;
        }
        if (secondNode == null) {
            KeycloakServer first = get();
            Path home2 = first.home.resolveSibling(first.home.getFileName() + "-node2");
            copyDistribution(first.home, home2);
            KeycloakServer server = new KeycloakServer(home2, first.log.resolveSibling("keycloak-server-node2.log"), false);
            server.start();
            secondNode = server;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-node2-stop"));
        }
        return secondNode;
    }

    /** Copies the (already augmented) distribution without its data, keeping file modes (kc.sh). */
    private static void copyDistribution(Path from, Path to) {
        deleteRecursively(to);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path target = to.resolve(relative);
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot copy " + from + " to " + to, e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path home() {
        return home;
    }

    public Path log() {
        return log;
    }

    /**
     * H2 URL properties the product uses (run.sh): commit durably, so that a killed process keeps every
     * committed transaction. {@code -Dit.h2.url-properties=} (empty) runs the suite with H2's default
     * write delay, to show what the crash test catches without it.
     */
    public static final String H2_URL_PROPERTIES = System.getProperty("it.h2.url-properties", ";WRITE_DELAY=0");

    private void start() {
        try {
            if (!startedOnce) {
                installProviders();
            }
            List<String> command = new ArrayList<>(List.of(
                    home.resolve("bin/kc.sh").toString(), "start",
                    "--http-enabled=true", "--hostname-strict=false", "--http-host=127.0.0.1",
                    "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                    "--health-enabled=true", "--cache=local",
                    "--log-level=INFO,io.opsknight:debug"));
            command.addAll(databaseOptions());
            command.addAll(TestServerOptions.ALL);

            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            // Never inherit a developer's KC_* settings: the test server is configured by the flags above.
            builder.environment().keySet().removeIf(k -> k.startsWith("KC_") && !k.startsWith("KC_BOOTSTRAP_ADMIN"));
            process = builder.start();
            startedOnce = true;
            waitUntilReady(Duration.ofMinutes(4));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Keycloak from " + home + ": " + e, e);
        }
    }

    private void installProviders() throws IOException {
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        try (Stream<Path> old = Files.list(providers)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("opsknight-")).toList()) {
                Files.delete(p);
            }
        }
        for (String property : List.of("it.providers.jar", "it.themes.jar")) {
            Path jar = Path.of(required(property));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Missing " + jar + " (" + property + "): build with 'mvn verify'.");
            }
            Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private List<String> databaseOptions() {
        String db = System.getProperty("it.db", "h2");
        if (db.equals("postgres")) {
            String url = required("it.db.url");
            String user = System.getProperty("it.db.username", "postgres");
            String password = System.getProperty("it.db.password", "");
            if (freshDatabase && !startedOnce) {
                recreatePostgresDatabase(url, user, password);
            }
            return List.of("--db=postgres", "--db-url=" + url, "--db-username=" + user, "--db-password=" + password);
        }
        if (!db.equals("h2")) {
            throw new IllegalStateException("it.db must be h2 or postgres, not " + db);
        }
        if (!startedOnce) {
            deleteRecursively(home.resolve("data/h2"));
        }
        // AUTO_SERVER: the test process may open the same file (Db reads OK_AUDIT_EVENT) while the server runs.
        return List.of("--db=dev-file", "--db-url=" + h2Url(home) + H2_URL_PROPERTIES,
                "--db-username=" + H2_USER, "--db-password=" + H2_PASSWORD);
    }

    static final String H2_USER = "sa";
    static final String H2_PASSWORD = "password";

    /**
     * The dev-file database of a distribution, opened in H2's mixed mode so that two processes can use
     * it; the server appends {@link #H2_URL_PROPERTIES}.
     */
    static String h2Url(Path home) {
        return "jdbc:h2:file:" + home.toAbsolutePath().resolve("data/h2/keycloakdb") + ";NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE";
    }

    /** A fresh database per run: drop and create the one named in the JDBC URL. */
    private static void recreatePostgresDatabase(String url, String user, String password) {
        int slash = url.lastIndexOf('/');
        String name = url.substring(slash + 1).replaceAll("\\?.*", "");
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalStateException("Unexpected database name in " + url);
        }
        String adminUrl = url.substring(0, slash + 1) + "postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot recreate PostgreSQL database " + name + " at " + adminUrl + ": " + e, e);
        }
    }

    private void waitUntilReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " during start; see " + log + "\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(1000);
        }
        stop();
        throw new IllegalStateException("Keycloak not ready after " + timeout + "; see " + log + "\n" + tail());
    }

    /**
     * A crash: SIGKILL to the server's java process (a child of kc.sh while it augments, kc.sh itself
     * after its final exec), then waits until it is gone. Nothing gets the chance to flush or close.
     */
    public synchronized void killHard() {
        List<ProcessHandle> javas = process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java") || c.equals("java")).orElse(false))
                .toList();
        if (javas.isEmpty()) {
            // Once augmented, kc.sh execs java: the process itself is the server.
            process.destroyForcibly();
        } else {
            javas.forEach(ProcessHandle::destroyForcibly);
        }
        awaitExit(Duration.ofSeconds(60));
    }

    /**
     * Ctrl-C: SIGTERM to kc.sh, which stops java gracefully. Returns how long the server took to be
     * gone (the caller asserts the bound).
     */
    public synchronized Duration terminate() {
        long start = System.nanoTime();
        process.destroy();
        awaitExit(Duration.ofSeconds(120));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Starts the server again on the same ports and the same data, after {@link #killHard} or {@link #terminate}. */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Still running: kill or terminate it first");
        }
        start();
    }

    private void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Keycloak still running after " + timeout);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (process.descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run the ITs through 'mvn verify'.");
        }
        return value;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot delete " + dir, e);
        }
    }

    /** For diagnostics in assertion messages. */
    public Map<String, String> describe() {
        return Map.of("url", baseUrl(), "log", log.toString());
    }
}
