package io.opsknight.identity.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The project version, written into the jar at build time. */
public final class OpsKnightVersion {

    private static final String VERSION = load();

    private OpsKnightVersion() {
    }

    public static String get() {
        return VERSION;
    }

    /** A factory's operational info: the version, then the given key/value pairs. */
    public static Map<String, String> info(String... keyValues) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("version", VERSION);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            info.put(keyValues[i], keyValues[i + 1]);
        }
        return info;
    }

    private static String load() {
        try (InputStream in = OpsKnightVersion.class.getResourceAsStream("/io/opsknight/identity/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
