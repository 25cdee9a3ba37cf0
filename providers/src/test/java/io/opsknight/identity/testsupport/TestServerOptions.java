package io.opsknight.identity.testsupport;

import java.util.List;

/**
 * Server options the test server starts with: our SPI options set for testability (short
 * lifespans and the like). Feature issues add theirs here, one place.
 */
final class TestServerOptions {

    static final List<String> ALL = List.of(
            // Not the default 7, so that InvitationsIT proves the option reaches the invitation provider.
            "--spi-action-token-handler--opsknight-invitation--lifespan-days=6"
    );

    private TestServerOptions() {
    }
}
