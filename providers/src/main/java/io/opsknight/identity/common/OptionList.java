package io.opsknight.identity.common;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/**
 * A factory's options as {@code getConfigMetadata()} declares them (the server's option list and server info show
 * them), one line an option: a whole number with its default, a text, or a secret that is never shown.
 */
public final class OptionList {

    private final ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();

    private OptionList() {
    }

    public static OptionList create() {
        return new OptionList();
    }

    public OptionList number(String name, String label, int defaultValue, String help) {
        builder.property().name(name).type(ProviderConfigProperty.INTEGER_TYPE).label(label).defaultValue(defaultValue)
                .helpText(help).add();
        return this;
    }

    public OptionList text(String name, String label, String help) {
        builder.property().name(name).type(ProviderConfigProperty.STRING_TYPE).label(label).helpText(help).add();
        return this;
    }

    public OptionList secret(String name, String label, String help) {
        builder.property().name(name).type(ProviderConfigProperty.PASSWORD).label(label).helpText(help).secret(true).add();
        return this;
    }

    public List<ProviderConfigProperty> build() {
        return builder.build();
    }
}
