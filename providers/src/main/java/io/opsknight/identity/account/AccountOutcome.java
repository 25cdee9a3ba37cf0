package io.opsknight.identity.account;

import org.keycloak.models.utils.FormMessage;

import java.util.List;
import java.util.Map;

/**
 * What a section's form post leads to: a success message (the page is shown again, status 200) or
 * field errors (status 400, the submitted values shown again as {@code account.posted.values}; the
 * transaction is committed, so validate before writing).
 * Message keys are looked up in the login theme's messages; {@code params} fill {0}, {1}...
 */
public record AccountOutcome(boolean ok, String messageKey, List<Object> params, List<FormMessage> errors, Map<String, String> values) {

    public static AccountOutcome done(String messageKey, Object... params) {
        return new AccountOutcome(true, messageKey, List.of(params), List.of(), Map.of());
    }

    public static AccountOutcome invalid(List<FormMessage> errors, Map<String, String> values) {
        return new AccountOutcome(false, null, List.of(), List.copyOf(errors), Map.copyOf(values));
    }

    public static AccountOutcome invalid(String field, String messageKey, Map<String, String> values, Object... params) {
        return invalid(List.of(new FormMessage(field, messageKey, params)), values);
    }
}
