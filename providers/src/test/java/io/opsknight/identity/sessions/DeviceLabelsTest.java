package io.opsknight.identity.sessions;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceLabelsTest {

    @ParameterizedTest(name = "browser {0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "Chrome/120.0.6099, Chrome 120",
            "Firefox/121.0, Firefox 121",
            "Mobile Safari/17.1, Mobile Safari 17",
            "HeadlessChrome/131.0.6778, HeadlessChrome 131",
            "Edge/Unknown, Edge",
            "Edge/null, Edge",
            "Other/Unknown, unknown",
            "Other, unknown",
            "'', unknown",
            "NULL, unknown",
    })
    void browser(String stored, String shown) {
        assertThat(DeviceLabels.browser(stored)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "os {0} {1} -> {2}")
    @CsvSource(nullValues = "NULL", value = {
            "Windows, 10, Windows 10",
            "Mac OS X, 10.15.7, Mac OS X 10.15.7",
            "Linux, NULL, Linux",
            "Linux, null, Linux",
            "Ubuntu, null.04, Ubuntu",
            "Android, 14, Android 14",
            "iOS, 17.1, iOS 17.1",
            "Other, null, unknown",
            "Other, 1.2, unknown",
            "NULL, NULL, unknown",
            "' ', 3, unknown",
    })
    void os(String family, String version, String shown) {
        assertThat(DeviceLabels.os(family, version)).isEqualTo(shown);
    }
}
