package io.opsknight.identity.sessions;

import java.util.Locale;

/**
 * The browser and operating system a person sees in the session list, from what Keycloak stored at
 * login (the device note that {@code DeviceActivityManager} writes from the User-Agent header, parsed
 * by ua-parser into family and version). Pure so that the odd cases (ua-parser's "Other", a missing
 * major version that Keycloak concatenates as {@code "null"}) have unit tests.
 */
public final class DeviceLabels {

    /** What we show when the session has no user agent, or one nobody can tell. */
    public static final String UNKNOWN = "unknown";

    private DeviceLabels() {
    }

    /**
     * @param kcBrowser Keycloak's {@code DeviceRepresentation.getBrowser()}: {@code "Chrome/120.0.6099"},
     *                  {@code "Other/Unknown"}, {@code "Other"} or null
     * @return e.g. {@code "Chrome 120"}, or {@value #UNKNOWN}
     */
    public static String browser(String kcBrowser) {
        if (kcBrowser == null) {
            return UNKNOWN;
        }
        int slash = kcBrowser.indexOf('/');
        String family = slash < 0 ? kcBrowser : kcBrowser.substring(0, slash);
        String version = slash < 0 ? null : kcBrowser.substring(slash + 1);
        if (!known(family)) {
            return UNKNOWN;
        }
        String major = known(version) ? version.split("\\.", 2)[0] : null;
        return known(major) ? family.strip() + " " + major : family.strip();
    }

    /**
     * @param family  ua-parser's OS family: {@code "Windows"}, {@code "Mac OS X"}, {@code "Other"} or null
     * @param version Keycloak's dotted OS version, which may be {@code "null"} or start with {@code "null."}
     * @return e.g. {@code "Windows 10"}, {@code "Mac OS X 10.15.7"}, {@code "Linux"}, or {@value #UNKNOWN}
     */
    public static String os(String family, String version) {
        if (!known(family)) {
            return UNKNOWN;
        }
        if (!known(version) || version.startsWith("null")) {
            return family.strip();
        }
        return family.strip() + " " + version.strip();
    }

    private static boolean known(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return !v.equals("other") && !v.equals("unknown") && !v.equals("null");
    }
}
