package io.opsknight.identity.benchmarks;

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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Keycloak 26.7.3 from the unpacked distribution on free ports, like the tests' harness
 * (providers/src/test/.../testsupport/KeycloakServer): with or without our jars, H2 by default,
 * PostgreSQL with -Dit.db=postgres -Dit.db.url=... (the database is recreated).
 */
final class BenchServer implements AutoCloseable {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin";

    private final Path home;
    private int httpPort;
    private int managementPort;
    private Process process;

    BenchServer(boolean withOurJars) {
        home = Path.of(System.getProperty("bench.kc.home"));
        try {
            installProviders(withOurJars);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot install providers into " + home, e);
        }
        // Other processes on a shared machine may take a "free" port first: retry with new ports.
        for (int attempt = 1; ; attempt++) {
            try {
                start();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.println("[bench] start failed (" + e.getMessage() + "), retrying on other ports");
            }
        }
    }

    private void start() {
        httpPort = freePort();
        managementPort = freePort();
        try {
            List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start",
                    "--http-enabled=true", "--hostname-strict=false", "--http-host=127.0.0.1",
                    "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                    // Metrics on, as operators run it: the meters are part of what is measured.
                    "--health-enabled=true", "--metrics-enabled=true", "--cache=local", "--features=organization"));
            command.addAll(databaseOptions());
            Path log = Path.of(System.getProperty("bench.kc.log"));
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("KC_"));
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            process = builder.start();
            waitUntilReady(log);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Keycloak from " + home, e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    static String database() {
        return System.getProperty("it.db", "h2");
    }

    /** A connection to the bench's PostgreSQL database ({@code -Dit.db.url}), as the server's own options name it. */
    static Connection openDatabase() throws SQLException {
        return DriverManager.getConnection(System.getProperty("it.db.url"), databaseUser(), databasePassword());
    }

    private static String databaseUser() {
        return System.getProperty("it.db.username", "postgres");
    }

    private static String databasePassword() {
        return System.getProperty("it.db.password", "");
    }

    /** Resident memory of the server's JVM in MB (Linux /proc), or -1. */
    long rssMb() {
        Optional<ProcessHandle> java = process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
        long pid = java.map(ProcessHandle::pid).orElse(process.pid());
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    private void installProviders(boolean withOurJars) throws IOException {
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        try (Stream<Path> old = Files.list(providers)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("opsknight-")).toList()) {
                Files.delete(p);
            }
        }
        if (withOurJars) {
            for (String property : List.of("bench.providers.jar", "bench.themes.jar")) {
                Path jar = Path.of(System.getProperty(property));
                Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private List<String> databaseOptions() {
        if (database().equals("postgres")) {
            String url = System.getProperty("it.db.url");
            String user = databaseUser();
            String password = databasePassword();
            int slash = url.lastIndexOf('/');
            String name = url.substring(slash + 1).replaceAll("\\?.*", "");
            if (!name.matches("[A-Za-z0-9_]+")) {
                throw new IllegalStateException("Unexpected database name in " + url);
            }
            try (Connection c = DriverManager.getConnection(url.substring(0, slash + 1) + "postgres", user, password);
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + name);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot recreate " + name + ": " + e, e);
            }
            return List.of("--db=postgres", "--db-url=" + url, "--db-username=" + user, "--db-password=" + password);
        }
        deleteRecursively(home.resolve("data/h2"));
        return List.of("--db=dev-file");
    }

    private void waitUntilReady(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.getLong("bench.ready.seconds", 360)).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited during start; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("Keycloak not ready after 6 minutes; see " + log);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
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
}
