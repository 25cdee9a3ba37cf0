package io.opsknight.identity.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts the shared server before the first IT class and stops it when the whole run ends. */
public class KeycloakExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KeycloakServer.class.getName(), k -> {
                    KeycloakServer server = KeycloakServer.get();
                    return (ExtensionContext.Store.CloseableResource) server::stop;
                });
    }
}
