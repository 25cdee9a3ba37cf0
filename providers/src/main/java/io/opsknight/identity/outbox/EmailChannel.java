package io.opsknight.identity.outbox;

import org.keycloak.common.util.HtmlUtils;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Email through the realm's mail server and email theme (Keycloak's {@link EmailTemplateProvider}), rendered
 * when sent: a template or mail server fixed in the console after a failure applies to the retry.
 */
record EmailChannel(OutboxSettings settings) implements OutboxChannel {

    static final String NAME = "email";
    static final String NO_SERVER = "The realm has no mail server (Realm settings, Email).";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Retry retry() {
        // Keycloak's SMTP client times out after 10 s per step; a minute covers connect, send and record.
        return new Retry(settings.emailMaxAttempts(), settings.emailBackoffInitial(), settings.emailBackoffMax(), Duration.ofSeconds(60));
    }

    @Override
    public int keepDoneDays() {
        return settings.emailRetentionDays();
    }

    @Override
    public int keepDeadDays() {
        return settings.emailRetentionDays();
    }

    static boolean configured(RealmModel realm) {
        String host = realm.getSmtpConfig() == null ? null : realm.getSmtpConfig().get("host");
        return host != null && !host.isBlank();
    }

    @Override
    public Attempt send(KeycloakSession session, OutboxMessage message) {
        RealmModel realm = session.realms().getRealm(message.realmId());
        if (realm == null) {
            return Attempt.failed("The realm no longer exists.");
        }
        if (!configured(realm)) {
            return Attempt.notConfigured(NO_SERVER);
        }
        EmailMessage email = EmailMessage.parse(message.payload());
        session.getContext().setRealm(realm);
        UserModel user = email.userId() == null ? null : session.users().getUserById(realm, email.userId());
        if (email.userId() != null && user == null) {
            return new Attempt(OutboxEntity.Status.SUPERSEDED, "The person no longer exists.");
        }
        Locale locale = session.getContext().resolveLocale(user, true);
        Map<String, Object> attributes = new HashMap<>();
        email.attributes().forEach(attributes::put);
        if (email.instants() != null) {
            email.instants().forEach((k, v) -> attributes.put(k, format(v, locale)));
        }
        // The HTML part takes every argument escaped: names are typed by people, and the message itself is
        // markup, so an unescaped name could become a live link.
        Map<String, String> html = new HashMap<>();
        attributes.forEach((k, v) -> html.put(k, HtmlUtils.escapeAttribute(String.valueOf(v))));
        attributes.put("html", html);
        // The recipient's language, not the one of whoever caused the email.
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(email.subject(), new ArrayList<Object>(email.subjectArgs() == null ? List.of() : email.subjectArgs()),
                            email.template(), attributes, message.target());
            return Attempt.sent();
        } catch (EmailException | RuntimeException e) {
            return Attempt.failed(rootMessage(e));
        }
    }

    /** E.g. "December 4, 2026 at 10:00 AM UTC" / "4. Dezember 2026 um 10:00 UTC", in the email's language. */
    static String format(long epochMillis, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale).withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(epochMillis)) + " UTC";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
