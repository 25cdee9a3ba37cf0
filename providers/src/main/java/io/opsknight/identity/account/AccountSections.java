package io.opsknight.identity.account;

import io.opsknight.identity.apitoken.ApiTokensSection;
import io.opsknight.identity.profile.PreferencesSection;
import io.opsknight.identity.profile.ProfileSection;
import io.opsknight.identity.profile.SecuritySection;
import io.opsknight.identity.sessions.SessionsSection;

import java.util.List;
import java.util.Optional;

/** The sections of the account page, in page order. See {@link AccountSection} for how to add one. */
public final class AccountSections {

    /** Add your section here (one line), in the order it should appear on the page. */
    public static final List<AccountSection> ALL = List.of(
            new ProfileSection(),
            new PreferencesSection(),
            new SecuritySection(),
            new SessionsSection(),
            new ApiTokensSection()
    );

    private AccountSections() {
    }

    public static Optional<AccountSection> byId(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
