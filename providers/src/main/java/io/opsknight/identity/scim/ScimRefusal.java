package io.opsknight.identity.scim;

/**
 * A refusal of a SCIM request with SCIM's own error keyword (RFC 7644's {@code scimType}): always 400, nothing
 * of the request stored. Domain code: {@link ScimRefusals} turns it into the SCIM error at the edge.
 */
final class ScimRefusal extends RuntimeException {

    /** A value the schema, the realm's User Profile or our rules do not accept. */
    static final String INVALID_VALUE = "invalidValue";
    /** An attempt to change an attribute that cannot be changed through SCIM. */
    static final String MUTABILITY = "mutability";

    private final String scimType;

    ScimRefusal(String scimType, String detail) {
        super(detail);
        this.scimType = scimType;
    }

    static ScimRefusal invalidValue(String detail) {
        return new ScimRefusal(INVALID_VALUE, detail);
    }

    static ScimRefusal mutability(String detail) {
        return new ScimRefusal(MUTABILITY, detail);
    }

    String scimType() {
        return scimType;
    }
}
