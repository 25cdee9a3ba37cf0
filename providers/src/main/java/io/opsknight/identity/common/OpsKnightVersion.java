package io.opsknight.identity.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version, written into the jar at build time. */
public final class OpsKnightVersion {

    private static final String VERSION = load();

    private OpsKnightVersion() {
    }

    public static String get() {
        return VERSION;
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
