package io.opsknight.identity.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every realm localization text is a valid MessageFormat pattern: Keycloak's {@code msg()} formats each
 * one, and a text such as "/realms/{realm}/..." throws there, so the page that shows it answers 500.
 */
class RealmConfigMessagesTest {

    @Test
    void everyTextFormats() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(Path.of("../realm-config/opsknight-realm.json").toFile());
        List<String> broken = new ArrayList<>();
        realm.path("localizationTexts").fields().forEachRemaining(locale -> locale.getValue().fields().forEachRemaining(text -> {
            try {
                new MessageFormat(text.getValue().asText()).format(new Object[0]);
            } catch (IllegalArgumentException e) {
                broken.add(locale.getKey() + "/" + text.getKey() + ": " + e.getMessage());
            }
        }));
        assertThat(realm.path("localizationTexts").size()).isEqualTo(2);
        assertThat(broken).isEmpty();
    }
}
