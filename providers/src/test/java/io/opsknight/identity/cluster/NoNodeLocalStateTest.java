package io.opsknight.identity.cluster;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our code keeps no cache or other mutable state in a node's memory, so there is
 * nothing to invalidate across the cluster (docs/operations.md "Running a cluster", "What is shared"). Every class of
 * the providers jar is loaded and its static fields checked: a static field that is not final, or a final
 * one that holds a mutable map, collection, array or atomic, is node-local state and fails this test
 * unless listed below with the reason it is not.
 * <p>
 * Mechanism: state lives in the database or in Keycloak's own caches (which Keycloak keeps in step
 * across nodes). Add a {@code static Map} cache to any class and this test fails.
 */
class NoNodeLocalStateTest {

    /** Fixed at class initialisation and never changed afterwards. */
    private static final Set<String> ALLOWED = Set.of(
            // Keycloak's pattern for a mapper's config list: filled once in a static block, read by the console.
            "io.opsknight.identity.claims.OpsKnightClaimsMapper.CONFIG",
            // The 62 characters of the token alphabet, a constant (private, never written).
            "io.opsknight.identity.apitoken.ApiTokenFormat.BASE62");

    @Test
    void noStaticMutableStateInOurClasses() throws Exception {
        Path classes = Path.of(io.opsknight.identity.common.Digests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new ArrayList<>();
        List<String> names = classNames(classes);
        assertThat(names).as("classes scanned").hasSizeGreaterThan(50);
        for (String name : names) {
            Class<?> type = Class.forName(name, true, getClass().getClassLoader());
            for (Field field : type.getDeclaredFields()) {
                int mod = field.getModifiers();
                if (!Modifier.isStatic(mod) || field.isSynthetic() || field.isEnumConstant()) {
                    continue;
                }
                String id = name + "." + field.getName();
                if (ALLOWED.contains(id)) {
                    continue;
                }
                if (!Modifier.isFinal(mod)) {
                    found.add(id + " (static, not final)");
                    continue;
                }
                field.setAccessible(true);
                Object value = field.get(null);
                if (isMutable(value)) {
                    found.add(id + " (" + value.getClass().getName() + ")");
                }
            }
        }
        assertThat(found).as("node-local state (a cache would need cluster-wide invalidation)").isEmpty();
    }

    private static boolean isMutable(Object value) {
        if (value == null) {
            return false;
        }
        if (value.getClass().isArray()) {
            return java.lang.reflect.Array.getLength(value) > 0 && !value.getClass().getComponentType().isEnum();
        }
        String impl = value.getClass().getName();
        boolean immutable = impl.startsWith("java.util.ImmutableCollections") || impl.startsWith("java.util.Collections$Unmodifiable")
                || impl.startsWith("java.util.Collections$Empty") || impl.startsWith("java.util.Collections$Singleton");
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return !immutable;
        }
        return impl.startsWith("java.util.concurrent.atomic.") || value instanceof java.util.concurrent.ConcurrentMap<?, ?>;
    }

    private static List<String> classNames(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(n -> n.startsWith("io.opsknight.identity."))
                    .sorted().toList();
        }
    }

}
