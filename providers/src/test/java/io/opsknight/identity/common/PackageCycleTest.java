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
 * names a class of it (an import, a static import or a fully qualified name). No package may reach itself again
 * through the packages it uses: the pages sit above the capabilities, the REST root above their resources,
 * {@code access} (status and role changes with their consequences) above {@code roles}, {@code lifecycle},
 * {@code apitoken} and {@code sessions}, and {@code common} below all (docs/architecture.md, "Layers").
 */
class PackageCycleTest {

    private static final Path SOURCES = Path.of("src/main/java/io/opsknight/identity");
    private static final Pattern USE = Pattern.compile("\\bio\\.opsknight\\.identity\\.(\\w+)\\.[A-Z]\\w*");

    @Test
    void noCycleBetweenPackages() throws IOException {
        Map<String, Map<String, String>> uses = uses(SOURCES);
        Set<String> cyclic = cyclicEdges(uses);
        assertThat(cyclic).as("package dependencies that close a cycle (each with a class that makes it: %s)",
                describe(uses, cyclic)).isEmpty();
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

    private static String describe(Map<String, Map<String, String>> uses, Set<String> edges) {
        StringBuilder out = new StringBuilder();
        for (String edge : edges) {
            String[] ends = edge.split(" -> ");
            out.append(edge).append(" in ").append(uses.get(ends[0]).get(ends[1])).append("; ");
        }
        return out.toString();
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
