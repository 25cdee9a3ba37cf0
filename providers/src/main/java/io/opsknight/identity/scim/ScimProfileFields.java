package io.opsknight.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.scim.protocol.request.PatchRequest.PatchOperation;
import org.keycloak.util.JsonSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SCIM attributes OpsKnight maps itself, because Keycloak's SCIM server has no place for them in the
 * realm's User Profile: {@code phoneNumbers} (to {@code phone_number}) and {@code timezone} (to
 * {@code zoneinfo}). Pure, unit-tested (ScimProfileFieldsTest): it reads them out of a resource or a PATCH
 * and hands Keycloak the rest.
 * <p>
 * Of several numbers, the primary one counts, then {@code work}, then {@code mobile}, then one without a
 * type; other types ({@code home}, {@code fax}, {@code pager}) are not OpsKnight's and are left out.
 *
 * @param phone    the number to store, "" to clear, null when the request does not touch it
 * @param timezone the zone to store, "" to clear, null when the request does not touch it
 */
record ScimProfileFields(String phone, String timezone) {

    static final String PHONE_NUMBERS = "phoneNumbers";
    static final String TIMEZONE = "timezone";
    static final ScimProfileFields NONE = new ScimProfileFields(null, null);

    private static final List<String> TYPES = List.of("work", "mobile", "");
    private static final Pattern PHONE_PATH = Pattern.compile(
            "phonenumbers\\[\\s*(type\\s+eq\\s+\"([a-z]*)\"|primary\\s+eq\\s+true)\\s*]\\.value");

    /** A PATCH split in two: our fields, and the operations Keycloak's SCIM server is left to apply. */
    record Patch(ScimProfileFields fields, List<PatchOperation> rest) {
    }

    boolean isEmpty() {
        return phone == null && timezone == null;
    }

    /** From a POST or PUT body; takes {@code phoneNumbers} out of the resource's unknown attributes. */
    static ScimProfileFields of(Map<String, Object> extensions, String timezone) {
        String phone = null;
        if (extensions != null && extensions.containsKey(PHONE_NUMBERS)) {
            phone = pick(JsonSerialization.mapper.valueToTree(extensions.remove(PHONE_NUMBERS)));
        }
        return new ScimProfileFields(phone, timezone == null ? null : timezone.strip());
    }

    static Patch of(List<PatchOperation> operations) {
        String phone = null;
        int phoneRank = Integer.MAX_VALUE;
        String timezone = null;
        List<PatchOperation> rest = new ArrayList<>();
        for (PatchOperation operation : operations) {
            boolean remove = "remove".equalsIgnoreCase(operation.getOp());
            String path = operation.getPath() == null ? null : operation.getPath().strip().toLowerCase(Locale.ROOT);
            JsonNode value = operation.getValue();
            if (path == null) {
                if (value != null && value.isObject() && (value.has(PHONE_NUMBERS) || value.has(TIMEZONE))) {
                    ObjectNode others = ((ObjectNode) value).deepCopy();
                    if (others.has(PHONE_NUMBERS)) {
                        phone = pick(others.remove(PHONE_NUMBERS));
                        phoneRank = -1;
                    }
                    if (others.has(TIMEZONE)) {
                        timezone = text(others.remove(TIMEZONE));
                    }
                    if (!others.isEmpty()) {
                        rest.add(copy(operation, others));
                    }
                } else {
                    rest.add(operation);
                }
            } else if (path.equals(TIMEZONE)) {
                timezone = remove ? "" : text(value);
            } else if (path.equals(PHONE_NUMBERS.toLowerCase(Locale.ROOT))) {
                phone = remove ? "" : pick(value);
                phoneRank = -1;
            } else if (path.startsWith(PHONE_NUMBERS.toLowerCase(Locale.ROOT))) {
                Matcher m = PHONE_PATH.matcher(path);
                if (!m.matches()) {
                    throw ScimRefusal.invalidValue("Unsupported path " + operation.getPath()
                            + ": use phoneNumbers or phoneNumbers[type eq \"work\"].value.");
                }
                String type = m.group(2);
                int rank = type == null ? -1 : TYPES.indexOf(type);
                // Other types (home, fax, pager) are not OpsKnight's: nothing to store.
                if ((type == null || rank >= 0) && rank < phoneRank) {
                    phone = remove ? "" : text(value);
                    phoneRank = rank;
                }
            } else {
                rest.add(operation);
            }
        }
        return new Patch(new ScimProfileFields(phone, timezone), rest);
    }

    /** The number of a {@code phoneNumbers} value (a list, or one entry); "" for an empty list. */
    static String pick(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isObject()) {
            return text(value.get("value"));
        }
        if (!value.isArray()) {
            throw ScimRefusal.invalidValue("phoneNumbers must be a list of {\"value\", \"type\", \"primary\"}.");
        }
        if (value.isEmpty()) {
            return "";
        }
        for (JsonNode entry : value) {
            if (entry.path("primary").asBoolean(false)) {
                return text(entry.get("value"));
            }
        }
        for (String type : TYPES) {
            for (JsonNode entry : value) {
                if (entry.path("type").asText("").toLowerCase(Locale.ROOT).equals(type)) {
                    return text(entry.get("value"));
                }
            }
        }
        // Only numbers of other types: OpsKnight's phone stays as it is.
        return null;
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw ScimRefusal.invalidValue("Expected a string, got " + value + ".");
        }
        return value.asText().strip();
    }

    private static PatchOperation copy(PatchOperation operation, JsonNode value) {
        PatchOperation copy = new PatchOperation();
        copy.setOp(operation.getOp());
        copy.setPath(operation.getPath());
        copy.setValue(value);
        return copy;
    }
}
