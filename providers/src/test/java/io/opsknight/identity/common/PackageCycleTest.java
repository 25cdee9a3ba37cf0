package io.opsknight.identity.common;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * House rule: packages import each other in one direction only. A package "uses" another when one of its classes
 * names a class of it (an import, a static import or a fully qualified name). An edge A -> B is part of a cycle
 * when B also reaches A. No such edge may be added; the ones that exist today are listed below, and an entry
 * whose cycle is gone must be deleted, so the list only shrinks.
 */
class PackageCycleTest {

    private static final Path SOURCES = Path.of("src/main/java/io/opsknight/identity");
    private static final Pattern USE = Pattern.compile("\\bio\\.opsknight\\.identity\\.(\\w+)\\.[A-Z]\\w*");

    /*
     * Today's cycles, by the reason they exist. The REST root has its own package (root) above the capabilities,
     * and the pages (pages, pages.account, pages.people) sit above the capabilities they call; what is left runs
     * through two knots:
     * - rest's Caller reads the caller's status and role (lifecycle, roles), while the capabilities' resources use
     *   rest's helpers: a Caller that asks through an interface in common would untie it.
     * - roles, lifecycle, apitoken and sessions call each other (a demotion revokes API tokens and ends sessions,
     *   a deactivation checks the last admin, a token exchange checks status and role, an admin's "end all
     *   sessions" revokes the person's API tokens): roles below lifecycle and apitoken, with the revocations asked
     *   for by the one that changes.
     */
    private static final Set<String> KNOWN = Set.of(
            // rest's Caller and the resources that use rest
            "rest -> lifecycle", "rest -> roles",
            "apitoken -> rest", "audit -> rest", "invitation -> rest", "profile -> rest", "sessions -> rest",
            "users -> rest",
            // roles, lifecycle, apitoken, sessions call each other
            "roles -> apitoken", "roles -> lifecycle", "roles -> sessions", "roles -> profile", "roles -> audit",
            "lifecycle -> apitoken", "lifecycle -> roles", "lifecycle -> sessions", "lifecycle -> audit",
            "apitoken -> roles", "apitoken -> lifecycle", "apitoken -> audit", "sessions -> apitoken",
            // the capabilities that reach back into the knots above through them
            "invitation -> audit", "invitation -> lifecycle", "invitation -> profile", "invitation -> roles",
            "profile -> apitoken", "profile -> audit", "profile -> roles", "profile -> sessions", "profile -> users",
            "sessions -> audit",
            "users -> apitoken", "users -> audit", "users -> invitation", "users -> lifecycle", "users -> profile",
            "users -> roles", "users -> sessions");

    @Test
    void noNewCycleBetweenPackages() throws IOException {
        Set<String> cyclic = cyclicEdges(uses(SOURCES));
        Set<String> added = new TreeSet<>(cyclic);
        added.removeAll(KNOWN);
        assertThat(added).as("package dependencies that close a new cycle").isEmpty();
    }

    @Test
    void theKnownCyclesOnlyShrink() throws IOException {
        Set<String> gone = new TreeSet<>(KNOWN);
        gone.removeAll(cyclicEdges(uses(SOURCES)));
        assertThat(gone).as("listed as a cycle but no longer one: delete them from KNOWN").isEmpty();
    }

    @Test
    void commonKnowsNoCapability() throws IOException {
        // metrics is not a capability but a leaf below everything (it imports none of our packages, see below),
        // so the one refusal log line in common can also count the refusal.
        assertThat(uses(SOURCES).getOrDefault("common", Map.of()).keySet()).as("packages common uses")
                .isSubsetOf(Set.of("metrics"));
    }

    @Test
    void metricsIsALeaf() throws IOException {
        assertThat(uses(SOURCES).getOrDefault("metrics", Map.of()).keySet()).as("packages metrics uses").isEmpty();
    }

    @Test
    void theRuleFindsACycleAndOnlyIt() {
        Map<String, Map<String, String>> graph = Map.of(
                "a", Map.of("b", "A.java"), "b", Map.of("c", "B.java"), "c", Map.of("a", "C.java", "d", "C.java"),
                "d", Map.of());
        assertThat(cyclicEdges(graph)).containsExactlyInAnyOrder("a -> b", "b -> c", "c -> a");
        assertThat(referenced("import io.opsknight.identity.roles.Role;\nimport static io.opsknight.identity.audit.Audit.record;\n"
                + "class A { Object o = io.opsknight.identity.users.UserQuery.class; }"))
                .containsExactlyInAnyOrder("roles", "audit", "users");
    }

    /** Package -> the packages it uses, each with one class that does (for the message). */
    private static Map<String, Map<String, String>> uses(Path root) throws IOException {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file).getName(0).toString();
                Map<String, String> out = graph.computeIfAbsent(pkg, p -> new TreeMap<>());
                for (String used : referenced(Files.readString(file))) {
                    if (!used.equals(pkg)) {
                        out.putIfAbsent(used, file.getFileName().toString());
                    }
                }
            }
        }
        return graph;
    }

    private static Set<String> referenced(String source) {
        Set<String> packages = new TreeSet<>();
        Matcher m = USE.matcher(source);
        while (m.find()) {
            packages.add(m.group(1));
        }
        return packages;
    }

    /** The edges A -> B for which B reaches A again. */
    private static Set<String> cyclicEdges(Map<String, Map<String, String>> graph) {
        Set<String> cyclic = new TreeSet<>();
        graph.forEach((from, out) -> {
            for (String to : out.keySet()) {
                if (reaches(graph, to, from)) {
                    cyclic.add(from + " -> " + to);
                }
            }
        });
        return cyclic;
    }

    private static boolean reaches(Map<String, Map<String, String>> graph, String start, String target) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String at = todo.pop();
            if (at.equals(target)) {
                return true;
            }
            if (seen.add(at)) {
                todo.addAll(graph.getOrDefault(at, Map.of()).keySet());
            }
        }
        return false;
    }
}
