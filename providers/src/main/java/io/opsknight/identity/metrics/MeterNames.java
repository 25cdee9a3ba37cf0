package io.opsknight.identity.metrics;

import java.util.List;

/**
 * Every meter we export, as Micrometer names them (dots) and as {@code /metrics} shows them (Prometheus:
 * underscores, counters end in {@code _total}, times in {@code _seconds}). Tests hold the dashboard and
 * the alert rules against {@link #EXPORTED}.
 */
public final class MeterNames {

    public static final String INVITATIONS = "opsknight.invitations";
    public static final String OUTBOX_MESSAGES = "opsknight.outbox.messages";
    public static final String OUTBOX_PENDING = "opsknight.outbox.pending";
    public static final String OUTBOX_OLDEST_PENDING_AGE = "opsknight.outbox.oldest.pending.age";
    public static final String OUTBOX_DELIVERY = "opsknight.outbox.delivery";
    public static final String SETUP_KEY_REFUSALS = "opsknight.setup.key.refusals";
    public static final String SETUP_LOCKOUTS = "opsknight.setup.lockouts";
    public static final String API_TOKEN_EXCHANGES = "opsknight.api.token.exchanges";
    public static final String SMS_SENDS = "opsknight.sms.sends";
    public static final String SESSIONS_REVOKED = "opsknight.sessions.revoked";
    public static final String REFUSALS = "opsknight.refusals";

    /** The series names on /metrics (a histogram's bucket, count, sum and max series included). */
    public static final List<String> EXPORTED = List.of(
            "opsknight_invitations_total",
            "opsknight_outbox_messages_total",
            "opsknight_outbox_pending",
            "opsknight_outbox_oldest_pending_age_seconds",
            "opsknight_outbox_delivery_seconds_bucket",
            "opsknight_outbox_delivery_seconds_count",
            "opsknight_outbox_delivery_seconds_sum",
            "opsknight_outbox_delivery_seconds_max",
            "opsknight_setup_key_refusals_total",
            "opsknight_setup_lockouts_total",
            "opsknight_api_token_exchanges_total",
            "opsknight_sms_sends_total",
            "opsknight_sessions_revoked_total",
            "opsknight_refusals_total");

    private MeterNames() {
    }
}
