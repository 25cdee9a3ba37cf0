package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.OpsKnightException;
import io.opsknight.identity.pages.Page;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.users.BulkActions;
import io.opsknight.identity.users.PeopleService;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bulk bar of the People list: the rows ticked in the table (checkboxes of the form {@code people-bulk}), an
 * action and, for a role change, the role. "Apply" ({@code bulk/confirm}) asks first and names how many people;
 * "Confirm" ({@code bulk/run}) runs {@link BulkActions} (each person by the rules of one at a time, in their own
 * transaction) and shows which rows were refused and why. Without JavaScript: plain forms.
 * <p>
 * The asked and the result live in this request only (a session attribute), never in the JVM.
 */
final class BulkSection implements PageSection {

    private static final String ASKED = "opsknight.people.bulk.asked";
    private static final String RESULT = "opsknight.people.bulk.result";

    @Override
    public String id() {
        return "bulk";
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("actions", List.of(BulkActions.Action.values()).stream().map(BulkActions.Action::key).toList());
        model.put("roles", List.of("ADMIN", "RESPONDER", "USER"));
        model.put("max", BulkActions.MAX_IDS);
        Object asked = ctx.session().getAttribute(ASKED);
        model.put("asked", asked == null ? Map.of() : asked);
        Object result = ctx.session().getAttribute(RESULT);
        model.put("result", result == null ? Map.of() : result);
        return model;
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        if (!"confirm".equals(action) && !"run".equals(action)) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>(form.shownAgain());
        values.remove("ids");
        BulkActions.Action chosen = BulkActions.Action.parse(form.get("action")).orElse(null);
        if (chosen == null) {
            return PageOutcome.invalid("bulk", "opsknightPeopleBulkNoAction", values);
        }
        Role role = chosen == BulkActions.Action.CHANGE_ROLE ? Role.parse(form.get("role")).orElse(null) : null;
        if (chosen == BulkActions.Action.CHANGE_ROLE && role == null) {
            return PageOutcome.invalid("bulk", "opsknightPeopleBulkNoRole", values);
        }
        // The confirmation carries the ids as one hidden field; the table's checkboxes as many.
        List<String> ids = new ArrayList<>();
        for (String value : form.all("ids")) {
            for (String id : value.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.strip());
                }
            }
        }
        List<String> unique = ids.stream().distinct().toList();
        if (unique.isEmpty()) {
            return PageOutcome.invalid("bulk", "opsknightPeopleBulkNoneSelected", values);
        }
        if (unique.size() > BulkActions.MAX_IDS) {
            return PageOutcome.invalid("bulk", "opsknightPeopleBulkTooMany", values, BulkActions.MAX_IDS);
        }
        if ("confirm".equals(action)) {
            Map<String, Object> asked = new LinkedHashMap<>();
            asked.put("action", chosen.key());
            asked.put("role", role == null ? "" : role.name());
            asked.put("ids", String.join(",", unique));
            asked.put("count", unique.size());
            asked.put("names", names(ctx, unique));
            ctx.session().setAttribute(ASKED, asked);
            // A confirmation step, not a success: the template shows the asked section instead of a banner.
            return new PageOutcome(true, "opsknightPeopleBulkAsk_" + chosen.key(), List.of(unique.size()), List.of(),
                    Map.of(Page.CONFIRM, chosen.key()), null);
        }
        BulkActions.Result result;
        try {
            result = BulkActions.run(ctx.session(), ctx.realm(), ctx.user(), chosen, role, unique, "people_page");
        } catch (OpsKnightException e) {
            return PageOutcome.invalid("bulk", "opsknightPeopleBulkNoneSelected", values);
        }
        List<Map<String, Object>> refused = new ArrayList<>();
        for (BulkActions.Row row : result.rows()) {
            if (!row.done()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", row.id());
                r.put("email", row.email() == null ? "" : row.email());
                r.put("name", row.name() == null ? "" : row.name());
                r.put("error", row.error());
                r.put("message", row.message() == null ? "" : row.message());
                refused.add(r);
            }
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("action", result.action());
        shown.put("done", result.done());
        shown.put("refused", refused);
        ctx.session().setAttribute(RESULT, shown);
        return PageOutcome.done("opsknightPeopleBulkDone_" + chosen.key(), result.done(), result.refused());
    }

    /** The first names of the people asked about, for the confirmation to show whom it means. */
    private static List<String> names(PageContext ctx, List<String> ids) {
        List<String> names = new ArrayList<>();
        for (String id : ids.subList(0, Math.min(ids.size(), 20))) {
            UserModel user = ctx.session().users().getUserById(ctx.realm(), id);
            if (user != null) {
                String name = PeopleService.displayName(user);
                names.add(name.isEmpty() ? String.valueOf(user.getEmail()) : name + " <" + user.getEmail() + ">");
            }
        }
        return names;
    }
}
