package io.opsknight.identity.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every refusal of our API: {@code {"error": "<code>", "message": "<sentence for a person>"}}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiError(String error, String message) {
}
