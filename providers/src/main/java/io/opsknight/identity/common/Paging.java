package io.opsknight.identity.common;

/**
 * {@code first} and {@code max} of every list: parsed once, the same errors everywhere, {@code max}
 * capped so that no request pulls a whole table.
 */
public record Paging(int first, int max) {

    public static Paging parse(String first, String max, int defaultMax, int cap) {
        int from = number("first", first, 0);
        int size = number("max", max, defaultMax);
        return new Paging(from, Math.min(size, cap));
    }

    private static int number(String name, String raw, int fallback) {
        int value;
        try {
            value = WholeNumbers.parse(raw, fallback);
        } catch (NumberFormatException e) {
            value = -1;
        }
        boolean isMax = name.equals("max");
        if (value < 0 || (isMax && value == 0)) {
            throw OpsKnightException.invalid("invalid_" + name,
                    "'" + name + "' must be a " + (isMax ? "positive" : "non-negative") + " whole number.");
        }
        return value;
    }
}
