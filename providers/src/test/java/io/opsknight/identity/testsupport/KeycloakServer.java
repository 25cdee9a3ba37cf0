package io.opsknight.identity.testsupport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
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
 * <p>
 * With {@code -Dit.cluster=true} (Maven profile {@code cluster}, PostgreSQL only) the server and its
 * {@link #secondNode()} form a real two-node Keycloak cluster: distributed Infinispan caches
 * ({@code --cache=ispn}), JGroups discovery through the shared database ({@code jdbc-ping}) on loopback,
 * and one {@code --hostname} (node 1's URL) so that a token of one node is valid on the other.
 */
public final class KeycloakServer {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final String KEYSTORE_PASSWORD = "it-keystore-secret";
    private static final String KEYSTORE_ALIAS = "localhost";

    private static KeycloakServer instance;
    private static KeycloakServer secondNode;

    private final Path home;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    private final int httpsPort;
    /** JGroups port of a cluster node (failure detection listens on this + 50000). */
    private final int clusterPort;
    /** The URL both cluster nodes put into tokens and links (node 1's); null outside the cluster suite. */
    private final String hostname;
    /** Whether this node starts on a fresh database (the first node) or joins the first node's. */
    private final boolean freshDatabase;
    /** After the first start, a restart keeps the data (crash and graceful-stop tests). */
    private boolean startedOnce;
    private Process process;

    private KeycloakServer(Path home, Path log, boolean freshDatabase, String clusterHostname) {
        this.home = home;
        this.log = log;
        this.freshDatabase = freshDatabase;
        this.httpPort = freePort();
        this.managementPort = freePort();
        this.httpsPort = freePort();
        this.clusterPort = cluster() ? freeClusterPort() : 0;
        this.hostname = !cluster() ? null : clusterHostname != null ? clusterHostname : baseUrl();
    }

    /** Whether this test JVM runs the cluster suite (two nodes, distributed caches). */
    public static boolean cluster() {
        return Boolean.getBoolean("it.cluster");
    }

    /**
     * The caches of the cluster suite: {@code ispn} (the product's default for {@code kc.sh start}). The
     * negative control {@code -Dit.cluster.cache=local} starts both nodes with node-local caches on the
     * same database, to see which cluster tests fail without Infinispan's invalidation and replication.
     */
    private static String cacheMode() {
        return cluster() ? System.getProperty("it.cluster.cache", "ispn") : "local";
    }

    /** The running server, started on first use. */
    public static synchronized KeycloakServer get() {
        if (instance == null) {
            if (cluster() && !"postgres".equals(System.getProperty("it.db"))) {
                throw new IllegalStateException("The cluster suite runs on PostgreSQL only: -Pcluster -Dit.db=postgres -Dit.db.url=...");
            }
            KeycloakServer server = new KeycloakServer(Path.of(required("it.kc.home")), Path.of(required("it.kc.log")), true, null);
            server.start();
            instance = server;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stop"));
        }
        return instance;
    }

    /**
     * A second node on the first node's PostgreSQL database: its own copy of the distribution, its own
     * ports, log keycloak-server-node2.log beside the first node's. In the cluster suite it joins the first
     * node's Infinispan cluster; otherwise its caches are local (only the database is shared). Null on H2,
     * whose dev-file database belongs to one process.
     */
    public static synchronized KeycloakServer secondNode() {
        if (!"postgres".equals(System.getProperty("it.db", "h2"))) {
            return null;
        }
        if (secondNode == null) {
            KeycloakServer first = get();
            Path home2 = first.home.resolveSibling(first.home.getFileName() + "-node2");
            copyDistribution(first.home, home2);
            KeycloakServer server = new KeycloakServer(home2, first.log.resolveSibling("keycloak-server-node2.log"), false,
                    first.hostname);
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

    /**
     * The same server over HTTPS (as {@code KC_HTTPS=true ./run.sh} serves it), with a self-signed certificate
     * for localhost / 127.0.0.1 made by keytool at start; trust it with {@link #tlsContext()}.
     */
    public String httpsBaseUrl() {
        return "https://127.0.0.1:" + httpsPort;
    }

    /** An SSL context that trusts exactly the test server's self-signed certificate. */
    public static SSLContext tlsContext() {
        try (InputStream in = Files.newInputStream(keystore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, KEYSTORE_PASSWORD.toCharArray());
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("opsknight-it", store.getCertificate(KEYSTORE_ALIAS));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the test keystore " + keystore(), e);
        }
    }

    /** The PKCS12 keystore of the HTTPS listener: made once per build with the JDK's keytool, as run.sh does. */
    private static synchronized Path keystore() {
        Path store = Path.of(required("it.kc.log")).resolveSibling("tls").resolve("it-localhost.p12");
        if (Files.isRegularFile(store)) {
            return store;
        }
        try {
            Files.createDirectories(store.getParent());
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", KEYSTORE_ALIAS,
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                    "-dname", "CN=localhost, O=OpsKnight Identity tests", "-ext", "SAN=DNS:localhost,IP:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return store;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keycloak's /metrics on the management interface (OpenMetrics text, our meters included). */
    public URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + managementPort + "/metrics");
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
                    "--https-port=" + httpsPort, "--https-key-store-file=" + keystore(),
                    "--https-key-store-password=" + KEYSTORE_PASSWORD, "--https-key-store-type=PKCS12",
                    // The readiness probe stays plain HTTP (the management interface would inherit HTTPS).
                    "--http-management-scheme=http",
                    "--health-enabled=true", "--metrics-enabled=true", "--cache=" + cacheMode(),
                    "--log-level=INFO,io.opsknight:debug"));
            command.addAll(databaseOptions());
            command.addAll(clusterOptions());
            command.addAll(TestServerOptions.ALL);

            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    // A restart (after a kill or stop) appends: the log of the run before stays readable.
                    .redirectOutput(startedOnce ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            // Never inherit a developer's KC_* settings: the test server is configured by the flags above.
            builder.environment().keySet().removeIf(k -> k.startsWith("KC_") && !k.startsWith("KC_BOOTSTRAP_ADMIN"));
            if (cluster()) {
                // JGroups on loopback: IPv4 only, as in docs/operations.md, Running a cluster.
                builder.environment().put("JAVA_OPTS_APPEND", "-Djava.net.preferIPv4Stack=true");
            }
            process = builder.start();
            startedOnce = true;
            // A shared, busy machine can need longer: -Dit.start.minutes=.
            waitUntilReady(Duration.ofMinutes(Long.getLong("it.start.minutes", 4)));
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
            // Keeping the jar's modification time: kc.sh re-augments (30-40 s) only when a provider's time
            // changed, so an unchanged jar, and the second node's copy of the first's, start without it.
            Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /** Cluster suite: JGroups over loopback, discovery through the database, one hostname for both nodes. */
    private List<String> clusterOptions() {
        if (!cluster()) {
            return List.of();
        }
        List<String> options = new ArrayList<>(List.of("--hostname=" + hostname));
        if (cacheMode().equals("ispn")) {
            options.addAll(List.of("--cache-stack=jdbc-ping",
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + clusterPort));
        }
        return options;
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
        return H2_URL_PROPERTIES.isEmpty() ? List.of("--db=dev-file")
                : List.of("--db=dev-file", "--db-url-properties=" + H2_URL_PROPERTIES);
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
            Waits.sleep(1000);
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

    /** A free port P below 15536 whose failure-detection port P + 50000 is free too. */
    private static int freeClusterPort() {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 7800 + random.nextInt(7700);
            if (isFree(port) && isFree(port + 50000)) {
                return port;
            }
        }
        throw new IllegalStateException("No free JGroups port pair found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
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

    /** The JGroups port of a cluster node (0 outside the cluster suite). */
    public int clusterPort() {
        return clusterPort;
    }

    /** For diagnostics in assertion messages. */
    public Map<String, String> describe() {
        return Map.of("url", baseUrl(), "log", log.toString());
    }
}
