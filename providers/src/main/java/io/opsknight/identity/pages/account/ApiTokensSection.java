package io.opsknight.identity.pages.account;

import io.opsknight.identity.apitoken.ApiTokenAccountSection;
import io.opsknight.identity.common.PageUrls;
import io.opsknight.identity.pages.PageContext;
import io.opsknight.identity.pages.PageForm;
import io.opsknight.identity.pages.PageCsrf;
import io.opsknight.identity.pages.PageOutcome;
import io.opsknight.identity.pages.PageSection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The account page's "API tokens" section (ADMINs only): plugs {@link ApiTokenAccountSection} into the
 * page. A created token travels to the template once, in the post's outcome, never in the section's model.
 */
public final class ApiTokensSection implements PageSection {

    public static final String ID = "api-tokens";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean visible(PageContext ctx) {
        return ApiTokenAccountSection.visibleTo(ctx.realm(), ctx.user());
    }

    @Override
    public Map<String, Object> model(PageContext ctx) {
        return ApiTokenAccountSection.view(ctx.session(), ctx.realm(), ctx.user(), forms(ctx));
    }

    @Override
    public PageOutcome handle(PageContext ctx, String action, PageForm form) {
        Map<String, String> fields = form.fields();
        Map<String, Object> result;
        if ("create".equals(action)) {
            result = ApiTokenAccountSection.create(ctx.session(), ctx.realm(), ctx.user(), forms(ctx), fields);
        } else if ("revoke".equals(action)) {
            result = ApiTokenAccountSection.revoke(ctx.session(), ctx.realm(), ctx.user(), forms(ctx), fields);
        } else {
            return null;
        }
        return outcome(result, fields);
    }

    /** The page's outcome of a create or revoke answer of {@link ApiTokenAccountSection}. */
    static PageOutcome outcome(Map<String, Object> result, Map<String, String> fields) {
        Object error = result.get("error");
        if (error instanceof String key && !key.isEmpty()) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put(ApiTokenAccountSection.FIELD_NAME, fields.getOrDefault(ApiTokenAccountSection.FIELD_NAME, ""));
            values.put(ApiTokenAccountSection.FIELD_DAYS, fields.getOrDefault(ApiTokenAccountSection.FIELD_DAYS, ""));
            return PageOutcome.invalid(ApiTokenAccountSection.FIELD_NAME, key, values);
        }
        if (result.get("created") instanceof Map<?, ?> created) {
            // Shown once: the template reads the token from the outcome's parameters of this answer only.
            return PageOutcome.done("opsknightApiTokenCreatedDone", created.get("token"), created.get("name"),
                    created.get("prefix"), created.get("expiresAt"));
        }
        return PageOutcome.done("opsknightApiTokenRevokedNotice");
    }

    private static ApiTokenAccountSection.Forms forms(PageContext ctx) {
        return forms(PageUrls.account(ctx.session(), ctx.realm()).toString(), PageCsrf.token(ctx.userSession()));
    }

    /** Where the section's forms post on the page at {@code pageUrl}, with the page's CSRF pair. */
    static ApiTokenAccountSection.Forms forms(String pageUrl, String csrf) {
        return new ApiTokenAccountSection.Forms(pageUrl + "/" + ID + "/create", pageUrl + "/" + ID + "/revoke", PageCsrf.FIELD, csrf);
    }
}
