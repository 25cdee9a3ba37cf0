package io.opsknight.identity.access;

import io.opsknight.identity.lifecycle.UserStatus;

/**
 * The branchy part of {@link ConsoleStatusSync}, pure and unit-tested (ConsoleStatusDecisionTest):
 * what a console change of a user's "Enabled" switch means for {@code opsknight_status}.
 */
enum ConsoleStatusDecision {
    /** Nothing to do: the status already agrees (or an INVITED user stays INVITED while disabled). */
    NONE,
    /** INVITED and switched on: the admin let the person in without the invitation; {@code user.activated}. */
    ACTIVATE,
    /** DISABLED and switched on: {@code user.reactivated}. */
    REACTIVATE,
    /** Enabled without a status worth an event (new, or no attribute yet): written as ACTIVE. */
    MARK_ACTIVE,
    /** Created disabled: written as DISABLED, no event. */
    MARK_DISABLED,
    /** ACTIVE and switched off: DISABLED, every session ended, {@code user.deactivated}. */
    DEACTIVATE;

    /**
     * @param recorded the stored {@code opsknight_status}, null when the user has none
     * @param enabled  Keycloak's enabled flag after the admin's change
     * @param created  the admin event created the user
     */
    static ConsoleStatusDecision decide(UserStatus recorded, boolean enabled, boolean created) {
        if (enabled) {
            if (recorded == UserStatus.ACTIVE) {
                return NONE;
            }
            if (recorded == UserStatus.INVITED) {
                return ACTIVATE;
            }
            return recorded == UserStatus.DISABLED && !created ? REACTIVATE : MARK_ACTIVE;
        }
        if (recorded == UserStatus.DISABLED || recorded == UserStatus.INVITED) {
            return NONE;
        }
        return created ? MARK_DISABLED : DEACTIVATE;
    }
}
