package io.opsknight.identity.account;

import java.util.Map;

/**
 * One section of the account page {@code /realms/{realm}/opsknight/account}.
 * <p>
 * HOW TO ADD A SECTION (sessions, API tokens, ...):
 * <ol>
 * <li>Implement this interface in your capability's package (e.g. {@code sessions.SessionsSection}).</li>
 * <li>Add an instance to {@link AccountSections#ALL} (the order there is the order on the page).</li>
 * <li>Add the template {@code opsknight-account-<id>.ftl} to the opsknight login theme. The page includes
 *     it inside its layout with the variables {@code data} (what {@link #model} returned),
 *     {@code account} (page-wide: {@code csrf}, {@code actionBase}, {@code user}, {@code posted}, ...).
 *     Every form in it posts to {@code ${account.actionBase}/<id>/<action>} and carries
 *     {@code <input type="hidden" name="csrf" value="${account.csrf}"/>}.</li>
 * <li>The page checks the sign-in, the account status and the CSRF token, then calls {@link #handle}
 *     in the request's transaction. Message keys go to messages_en and messages_de of the login theme.</li>
 * </ol>
 */
public interface AccountSection {

    /** Short lowercase id: the template suffix, the URL segment of its form posts and the HTML id of the section. */
    String id();

    /** Whether the signed-in person sees this section (e.g. API tokens only for ADMINs). */
    default boolean visible(AccountContext ctx) {
        return true;
    }

    /** What the section's template shows, as {@code data} in the template. */
    Map<String, Object> model(AccountContext ctx);

    /**
     * A form post of this section, already authenticated and CSRF-checked. Throwing
     * {@link io.opsknight.identity.common.OpsKnightException} rolls the transaction back and shows
     * the refusal's sentence; a returned {@link AccountOutcome} decides what the page shows.
     */
    AccountOutcome handle(AccountContext ctx, String action, AccountForm form);
}
