package io.opsknight.identity.testsupport;

import java.util.List;

/**
 * Server options the test server starts with: our SPI options set for testability (short
 * lifespans and the like). Feature issues add theirs here, one place.
 */
final class TestServerOptions {

    static final List<String> ALL = List.of();

    private TestServerOptions() {
    }
}
