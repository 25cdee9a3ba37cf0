package io.opsknight.identity.pages;

import java.util.Map;

/**
 * One section of one of our pages. A new section is this one class (in the page's package, calling the
 * capability's service: capabilities never import the pages) and one template
 * {@code <page template>-<id>.ftl} in the opsknight login theme, listed in its page's {@code sections()}.
 * The template sees {@code data} (what {@link #model} returned) and {@code page} (page-wide: {@code csrf},
 * {@code actionBase}, {@code user}, {@code posted}, ...). Every form in it posts to
 * {@code ${page.actionBase}/<id>/<action>} and carries {@code <input type="hidden" name="csrf" value="${page.csrf}"/>}.
 * The page checks the sign-in, the account status, who may see the page and the CSRF token, then calls
 * {@link #handle} in the request's transaction. Message keys go to messages_en and messages_de.
 */
public interface PageSection {

    /** Short lowercase id: the template suffix, the URL segment of its form posts and the HTML id of the section. */
    String id();

    /** Whether the signed-in person sees this section (e.g. API tokens only for ADMINs). */
    default boolean visible(PageContext ctx) {
        return true;
    }

    /** What the section's template shows, as {@code data} in the template. */
    Map<String, Object> model(PageContext ctx);

    /**
     * A form post of this section, already authenticated and CSRF-checked. Throwing
     * {@link io.opsknight.identity.common.OpsKnightException} rolls the transaction back and shows
     * the refusal's sentence; a returned {@link PageOutcome} decides what the page shows; null is an unknown action.
     */
    PageOutcome handle(PageContext ctx, String action, PageForm form);
}
