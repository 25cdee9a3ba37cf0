package io.opsknight.identity.common;

import java.util.function.Function;

/** Whole numbers people type: a query parameter ({@link Paging}) or a server option, read the same way. */
public final class WholeNumbers {

    private WholeNumbers() {
    }

    /**
     * @return {@code raw} without surrounding blanks as a number, or {@code fallback} when it is unset or blank
     * @throws NumberFormatException when it is not a whole number
     */
    public static int parse(String raw, int fallback) {
        return raw == null || raw.isBlank() ? fallback : Integer.parseInt(raw.strip());
    }

    /**
     * A server option read at boot.
     *
     * @param owner names the option's owner in the sentence, e.g. "OpsKnight audit"
     * @throws IllegalArgumentException with a sentence for the operator when it is not a whole number
     */
    public static int option(Function<String, String> option, String owner, String name, int fallback) {
        String raw = option.apply(name);
        try {
            return parse(raw, fallback);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a whole number, not '" + raw + "'.");
        }
    }
}
