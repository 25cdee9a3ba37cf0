package io.opsknight.identity.common;

import io.opsknight.identity.audit.AuditSpi;
import io.opsknight.identity.audit.DefaultAuditRecorderFactory;
import io.opsknight.identity.invitation.InvitationActionTokenHandler;
import io.opsknight.identity.profile.SmsSpi;
import io.opsknight.identity.profile.TwilioSmsSenderFactory;
import io.opsknight.identity.setup.SetupServiceFactory;
import io.opsknight.identity.setup.SetupSpi;
import io.opsknight.identity.outbox.DefaultOutboxProviderFactory;
import io.opsknight.identity.outbox.OutboxSpi;
import io.opsknight.identity.scim.ScimProvisioningFactory;
import io.opsknight.identity.scim.ScimSpi;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md holds THE options table: one row per option that a factory of ours declares in
 * getConfigMetadata(), with the CLI flag and the environment variable Keycloak derives from SPI, provider and
 * option, and the declared default; and no row for an option nobody declares.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern FLAG = Pattern.compile("`--spi-([a-z0-9-]+)--([a-z0-9-]+)--([a-z0-9-]+)=");

    /** SPI name, provider id, the options it declares. */
    private record Options(String spi, String provider, List<ProviderConfigProperty> properties) {
    }

    private static List<Options> declared() {
        return List.of(
                new Options(SetupSpi.NAME, SetupServiceFactory.PROVIDER_ID, new SetupServiceFactory().getConfigMetadata()),
                new Options("action-token-handler", InvitationActionTokenHandler.PROVIDER_ID,
                        new InvitationActionTokenHandler().getConfigMetadata()),
                new Options(SmsSpi.NAME, new TwilioSmsSenderFactory().getId(), new TwilioSmsSenderFactory().getConfigMetadata()),
                new Options(AuditSpi.NAME, new DefaultAuditRecorderFactory().getId(), new DefaultAuditRecorderFactory().getConfigMetadata()),
                new Options(OutboxSpi.NAME, DefaultOutboxProviderFactory.PROVIDER_ID, new DefaultOutboxProviderFactory().getConfigMetadata()),
                new Options(ScimSpi.NAME, ScimProvisioningFactory.PROVIDER_ID, new ScimProvisioningFactory().getConfigMetadata()));
    }

    @Test
    void everyDeclaredOptionHasItsRowWithFlagEnvVarAndDefault() throws Exception {
        String doc = Files.readString(DOC);
        for (Options options : declared()) {
            for (ProviderConfigProperty p : options.properties()) {
                String flag = "--spi-" + options.spi() + "--" + options.provider() + "--" + p.getName() + "=";
                String env = "KC_SPI_" + envPart(options.spi()) + "__" + envPart(options.provider()) + "__" + envPart(p.getName());
                String row = doc.lines().filter(l -> l.contains("`" + flag)).findFirst().orElse(null);
                assertThat(row).as("a row for %s", flag).isNotNull();
                assertThat(row).as(flag).contains("`" + env + "`");
                if (p.getDefaultValue() != null) {
                    assertThat(row.split("\\|")[4]).as("default of %s", flag).contains(String.valueOf(p.getDefaultValue()));
                }
            }
        }
    }

    @Test
    void everyRowIsADeclaredOption() throws Exception {
        List<String> declared = new ArrayList<>();
        for (Options options : declared()) {
            for (ProviderConfigProperty p : options.properties()) {
                declared.add(options.spi() + "/" + options.provider() + "/" + p.getName());
            }
        }
        Matcher m = FLAG.matcher(Files.readString(DOC));
        List<String> documented = new ArrayList<>();
        while (m.find()) {
            documented.add(m.group(1) + "/" + m.group(2) + "/" + m.group(3));
        }
        assertThat(documented).as("options in docs/configuration.md").hasSameElementsAs(declared);
    }

    private static String envPart(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
