package io.opsknight.identity.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.util.JsonSerialization;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A request body read by hand, so that a missing body, a wrong content type or malformed JSON
 * becomes our own 4xx JSON error instead of Keycloak's generic one.
 */
public final class JsonBody {

    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    public static JsonBody parse(HttpHeaders headers, String raw) {
        MediaType type = headers == null ? null : headers.getMediaType();
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("missing_body", "The request needs a JSON body.");
        }
        if (type == null || !(type.getType().equalsIgnoreCase("application")
                && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase().endsWith("+json")))) {
            throw ApiException.unsupportedMediaType("Send the body as application/json.");
        }
        JsonNode node;
        try {
            node = JsonSerialization.mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "The body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("invalid_json", "The body must be a JSON object.");
        }
        return new JsonBody((ObjectNode) node);
    }

    /** Refuses fields the endpoint does not know, so a typo is not silently ignored. */
    public JsonBody onlyFields(Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown_field", "Unknown field '" + name + "'. Allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
        }
        return this;
    }

    public boolean has(String field) {
        return node.has(field);
    }

    /** A string field, or empty when absent or null; 400 when present with another type. */
    public Optional<String> string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("invalid_field", "Field '" + field + "' must be a string.");
        }
        return Optional.of(value.asText());
    }

    public String requiredString(String field) {
        return string(field).filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiException.badRequest("missing_field", "Field '" + field + "' is required."));
    }

    /** A required array of strings (may be empty); 400 when absent or of another shape. */
    public java.util.List<String> stringList(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest("missing_field", "Field '" + field + "' is required.");
        }
        if (!value.isArray()) {
            throw ApiException.badRequest("invalid_field", "Field '" + field + "' must be an array of strings.");
        }
        java.util.List<String> strings = new java.util.ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw ApiException.badRequest("invalid_field", "Field '" + field + "' must be an array of strings.");
            }
            strings.add(item.asText());
        }
        return strings;
    }

    public Optional<Boolean> bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest("invalid_field", "Field '" + field + "' must be true or false.");
        }
        return Optional.of(value.asBoolean());
    }

    public Optional<Integer> integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.badRequest("invalid_field", "Field '" + field + "' must be a whole number.");
        }
        return Optional.of(value.asInt());
    }
}
