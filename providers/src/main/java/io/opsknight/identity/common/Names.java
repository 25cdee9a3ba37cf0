package io.opsknight.identity.common;

import java.util.Locale;
import java.util.Optional;

/** Enum constants as clients and attributes spell them: trimmed, any case. */
public final class Names {

    private Names() {
    }

    /** The constant named {@code value} (case-insensitive, trimmed), or empty. */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
