package io.opsknight.identity.pages.people;

import io.opsknight.identity.common.Names;
import io.opsknight.identity.lifecycle.UserStatus;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;
import io.opsknight.identity.roles.Role;
import io.opsknight.identity.users.UserQuery;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of the People list with its counters, filters, sort and paging. Its state is the page's
 * query {@code ?status=&role=&search=&sort=&page=} (bookmarkable; a value it does not know is ignored),
 * read through the same {@link UserQuery} as {@code GET /users}.
 */
final class ListSection implements PageSection {

    static final int PAGE_SIZE = 20;
    private static final int SEARCH_MAX = 255;

    @Override
    public String id() {
        return "list";
    }

    /** The list's state as the page's query gives it; a value it does not know is left out. */
    record State(UserStatus status, Role role, String search, UserQuery.Sort sort, int page) {

        static State of(PageForm q) {
            UserStatus status = Names.parse(UserStatus.class, q.get("status")).orElse(null);
            Role role = Role.parse(q.get("role")).orElse(null);
            String search = q.get("search") == null ? "" : q.get("search").strip();
            if (search.length() > SEARCH_MAX) {
                search = search.substring(0, SEARCH_MAX);
            }
            UserQuery.Sort sort = Names.parse(UserQuery.Sort.class, q.get("sort") == null ? null : q.get("sort").replace('-', '_'))
                    .orElse(UserQuery.Sort.JOINED);
            int page = 1;
            try {
                page = Math.max(1, Math.min(100_000, Integer.parseInt(q.get("page") == null ? "1" : q.get("page"))));
            } catch (NumberFormatException e) {
                // an unreadable page number is the first page
            }
            return new State(status, role, search, sort, page);
        }

        /** The list's filter (every page, the counters aside). */
        UserQuery.Filter filter() {
            return new UserQuery.Filter(status, role, search.isEmpty() ? null : search);
        }
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        State at = State.of(ctx.query());
        UserStatus status = at.status();
        Role role = at.role();
        String search = at.search();
        UserQuery.Sort sort = at.sort();
        int page = at.page();

        Map<UserStatus, Long> counts = UserQuery.countByStatus(ctx.session(), ctx.realm(),
                new UserQuery.Filter(null, role, search.isEmpty() ? null : search));
        long all = counts.values().stream().mapToLong(Long::longValue).sum();
        long total = status == null ? all : counts.get(status);
        List<UserModel> users = UserQuery.list(ctx.session(), ctx.realm(), new UserQuery.Filter(status, role, search.isEmpty() ? null : search),
                sort, (page - 1) * PAGE_SIZE, PAGE_SIZE);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (UserModel user : users) {
            rows.add(PersonRow.of(ctx.session(), ctx.realm(), user, ctx.user()));
        }

        Map<String, String> state = new LinkedHashMap<>();
        state.put("status", status == null ? "" : status.name());
        state.put("role", role == null ? "" : role.name());
        state.put("search", search);
        state.put("sort", sort == UserQuery.Sort.JOINED ? "" : sortName(sort));
        state.put("page", "");

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("rows", rows);
        model.put("status", state.get("status"));
        model.put("role", state.get("role"));
        model.put("search", search);
        model.put("sort", sortName(sort));
        model.put("page", page);
        model.put("total", total);
        model.put("from", total == 0 ? 0 : (page - 1) * PAGE_SIZE + 1);
        model.put("to", (page - 1) * PAGE_SIZE + rows.size());
        model.put("prevUrl", page > 1 ? link(ctx, state, "page", String.valueOf(page - 1)) : "");
        model.put("nextUrl", (long) page * PAGE_SIZE < total ? link(ctx, state, "page", String.valueOf(page + 1)) : "");
        // Counters: the role and search stay, the status is the counter's (Total clears it).
        List<Map<String, Object>> counters = new ArrayList<>();
        counters.add(counter("total", all, link(ctx, state, "status", ""), status == null));
        for (UserStatus s : List.of(UserStatus.ACTIVE, UserStatus.INVITED, UserStatus.DISABLED)) {
            counters.add(counter(s.name().toLowerCase(Locale.ROOT), counts.get(s), link(ctx, state, "status", s.name()), s == status));
        }
        model.put("counters", counters);
        Map<String, String> sorts = new LinkedHashMap<>();
        for (UserQuery.Sort s : UserQuery.Sort.values()) {
            sorts.put(sortName(s), link(ctx, state, "sort", s == UserQuery.Sort.JOINED ? "" : sortName(s)));
        }
        model.put("sortUrls", sorts);
        // The export is the whole filtered list in this order, not this page of it.
        Map<String, String> exported = new LinkedHashMap<>(state);
        exported.remove("page");
        model.put("exportUrl", PeopleUrls.export(ctx.session(), ctx.realm(), exported));
        model.put("statuses", List.of("INVITED", "ACTIVE", "DISABLED"));
        model.put("roles", List.of("ADMIN", "RESPONDER", "USER"));
        return model;
    }

    /** The list's state with one value changed; any change but the page's own goes back to page 1. */
    private static String link(PageContext ctx, Map<String, String> state, String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(state);
        next.put(name, value);
        if (!"page".equals(name)) {
            next.put("page", "");
        }
        return PeopleUrls.list(ctx.session(), ctx.realm(), next);
    }

    private static Map<String, Object> counter(String id, long count, String url, boolean current) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("count", count);
        c.put("url", url);
        c.put("current", current);
        return c;
    }

    static String sortName(UserQuery.Sort sort) {
        return sort.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        return null; // the list has no forms of its own: filters are links and a GET form
    }
}
