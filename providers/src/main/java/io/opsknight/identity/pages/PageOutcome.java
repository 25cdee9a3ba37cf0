package io.opsknight.identity.pages;

import io.opsknight.identity.common.OpsKnightException;
import org.keycloak.models.utils.FormMessage;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What a section's form post leads to: a success message (the page is shown again, status 200), field
 * errors (status 400, the submitted values shown again as {@code page.posted.values}; the transaction is
 * committed, so validate before writing), or a redirect (the page's subject is gone).
 * Message keys are looked up in the login theme's messages; {@code params} fill {0}, {1}...
 */
public record PageOutcome(boolean ok, String messageKey, List<Object> params, List<FormMessage> errors, Map<String, String> values,
                          URI redirect) {

    public static PageOutcome done(String messageKey, Object... params) {
        return new PageOutcome(true, messageKey, List.of(params), List.of(), Map.of(), null);
    }

    public static PageOutcome invalid(List<FormMessage> errors, Map<String, String> values) {
        return new PageOutcome(false, null, List.of(), List.copyOf(errors), Map.copyOf(values), null);
    }

    public static PageOutcome invalid(String field, String messageKey, Map<String, String> values, Object... params) {
        return invalid(List.of(new FormMessage(field, messageKey, params)), values);
    }

    /** Where a form shows a service's refusal: the field and the message key. */
    public record FieldError(String field, String messageKey) {
    }

    /**
     * A service's refusal as a field error, its code looked up in {@code fields}; a refusal the form has no field
     * for is thrown on.
     */
    public static PageOutcome invalid(OpsKnightException refusal, Map<String, FieldError> fields, Map<String, String> values) {
        FieldError error = fields.get(refusal.code());
        if (error == null) {
            throw refusal;
        }
        return invalid(error.field(), error.messageKey(), values);
    }

    public static PageOutcome redirect(URI to) {
        return new PageOutcome(true, null, List.of(), List.of(), Map.of(), to);
    }
}
