package io.opsknight.identity.pages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one form post (or the query) of a page, as the sections read them: the first value of each
 * field. The page turns the HTTP form into this, so that sections know nothing of HTTP.
 */
public final class PageForm {

    private final Map<String, String> fields;
    private final Map<String, List<String>> all;

    private PageForm(Map<String, String> fields, Map<String, List<String>> all) {
        this.fields = fields;
        this.all = all;
    }

    /** From a decoded form (a JAX-RS {@code MultivaluedMap} is such a map); a field without a value is absent. */
    public static PageForm of(Map<String, List<String>> form) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, List<String>> all = new LinkedHashMap<>();
        if (form != null) {
            form.forEach((name, values) -> {
                if (values != null && !values.isEmpty() && values.get(0) != null) {
                    fields.put(name, values.get(0));
                    all.put(name, values.stream().filter(java.util.Objects::nonNull).toList());
                }
            });
        }
        return new PageForm(fields, all);
    }

    /** Every value of a repeated field (e.g. the ticked checkboxes of a list), in form order; empty when absent. */
    public List<String> all(String name) {
        return all.getOrDefault(name, List.of());
    }

    /** The field's (first) value, or null when the form did not carry it. */
    public String get(String name) {
        return fields.get(name);
    }

    /** The named fields' values in this order, "" for a field the form did not carry: what a form shows again. */
    public Map<String, String> values(String... names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            values.put(name, fields.getOrDefault(name, ""));
        }
        return values;
    }

    /** Every field with its value, in form order. */
    public Map<String, String> fields() {
        return new LinkedHashMap<>(fields);
    }

    /**
     * The values to show again after a refused post: every field but the CSRF token and
     * anything that looks like a password (never echoed into the page).
     */
    public Map<String, String> shownAgain() {
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (!PageCsrf.FIELD.equals(name) && !name.toLowerCase().contains("password")) {
                values.put(name, value);
            }
        });
        return values;
    }
}
