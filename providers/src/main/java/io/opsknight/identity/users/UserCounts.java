package io.opsknight.identity.users;

import io.opsknight.identity.lifecycle.UserStatus;

import java.util.Map;

/** {@code GET /users/counts}: {@code {total, active, invited, disabled}} of the people matching the filters. */
public record UserCounts(long total, long active, long invited, long disabled) {

    static UserCounts of(Map<UserStatus, Long> counts) {
        long active = counts.get(UserStatus.ACTIVE);
        long invited = counts.get(UserStatus.INVITED);
        long disabled = counts.get(UserStatus.DISABLED);
        return new UserCounts(active + invited + disabled, active, invited, disabled);
    }
}
