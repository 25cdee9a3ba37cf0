package io.opsknight.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.scim.protocol.request.PatchRequest.PatchOperation;
import org.keycloak.util.JsonSerialization;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScimProfileFieldsTest {

    @Test
    void thePrimaryNumberWinsThenWorkThenMobileAndOtherTypesAreNotOurs() {
        assertThat(pick("[{\"value\":\"+491\",\"type\":\"mobile\"},{\"value\":\"+492\",\"type\":\"work\"}]")).isEqualTo("+492");
        assertThat(pick("[{\"value\":\"+491\",\"type\":\"work\"},{\"value\":\"+492\",\"type\":\"mobile\",\"primary\":true}]")).isEqualTo("+492");
        assertThat(pick("[{\"value\":\"+491\",\"type\":\"fax\"},{\"value\":\"+492\",\"type\":\"mobile\"}]")).isEqualTo("+492");
        assertThat(pick("[{\"value\":\"+491\"}]")).isEqualTo("+491");
        assertThat(pick("[{\"value\":\"+491\",\"type\":\"fax\"}]")).as("only a fax: ours stays").isNull();
        assertThat(pick("[]")).as("an empty list clears").isEmpty();
        assertThatThrownBy(() -> pick("\"+491\"")).isInstanceOf(ScimRefusal.class);
        assertThatThrownBy(() -> pick("[{\"value\":491,\"type\":\"work\"}]")).isInstanceOf(ScimRefusal.class);
    }

    @Test
    void aResourceGivesUpItsPhoneNumbersSoThatTheyAreNotAnUnknownAttribute() {
        Map<String, Object> extensions = new HashMap<>();
        extensions.put("phoneNumbers", List.of(Map.of("value", "+4930123", "type", "work")));
        extensions.put("shoeSize", 44);
        ScimProfileFields fields = ScimProfileFields.of(extensions, " Europe/Berlin ");
        assertThat(fields).isEqualTo(new ScimProfileFields("+4930123", "Europe/Berlin"));
        assertThat(extensions).containsOnlyKeys("shoeSize");
        assertThat(ScimProfileFields.of(null, null).isEmpty()).isTrue();
    }

    @Test
    void aPatchHandsKeycloakOnlyWhatIsNotOurs() {
        ScimProfileFields.Patch patch = ScimProfileFields.of(List.of(
                op("replace", "phoneNumbers[type eq \"mobile\"].value", "\"+4915\""),
                op("replace", "phoneNumbers[type eq \"work\"].value", "\"+4930\""),
                op("replace", "phoneNumbers[type eq \"fax\"].value", "\"+4931\""),
                op("replace", "timezone", "\"Asia/Tokyo\""),
                op("replace", "active", "false"),
                op("replace", null, "{\"displayName\":\"Ann\",\"timezone\":\"UTC\"}")));
        assertThat(patch.fields()).isEqualTo(new ScimProfileFields("+4930", "UTC"));
        assertThat(patch.rest()).extracting(PatchOperation::getPath).containsExactly("active", null);
        assertThat(patch.rest().get(1).getValue().toString()).isEqualTo("{\"displayName\":\"Ann\"}");

        ScimProfileFields.Patch removed = ScimProfileFields.of(List.of(op("remove", "phoneNumbers", null),
                op("remove", "timezone", null)));
        assertThat(removed.fields()).isEqualTo(new ScimProfileFields("", ""));
        assertThat(removed.rest()).isEmpty();

        assertThat(ScimProfileFields.of(List.of(op("replace", "active", "true"))).fields().isEmpty()).isTrue();
        assertThatThrownBy(() -> ScimProfileFields.of(List.of(op("replace", "phoneNumbers.value", "\"+1\""))))
                .isInstanceOf(ScimRefusal.class);
    }

    @Test
    void aPatchOfUserNameIsSeen() {
        assertThat(ScimUsers.requestedUserName(List.of(op("replace", "userName", "\"x@example.test\"")))).isEqualTo("x@example.test");
        assertThat(ScimUsers.requestedUserName(List.of(op("replace", null, "{\"userName\":\"y@example.test\"}")))).isEqualTo("y@example.test");
        assertThat(ScimUsers.requestedUserName(List.of(op("replace", "active", "true")))).isNull();
    }

    private static String pick(String json) {
        return ScimProfileFields.pick(tree(json));
    }

    private static PatchOperation op(String op, String path, String json) {
        PatchOperation operation = new PatchOperation();
        operation.setOp(op);
        operation.setPath(path);
        operation.setValue(json == null ? null : tree(json));
        return operation;
    }

    private static JsonNode tree(String json) {
        try {
            return JsonSerialization.mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
