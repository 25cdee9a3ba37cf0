package io.opsknight.identity.invitation;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An invitation email as GreenMail received it, decoded. */
record InvitationMail(String to, String subject, String text, String html) {

    private static final Pattern LINK = Pattern.compile("https?://\\S+/login-actions/action-token\\?key=[A-Za-z0-9._\\-]+");

    static InvitationMail of(MimeMessage message) {
        try {
            String text = null;
            String html = null;
            Object content = message.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    Object partContent = part.getContent();
                    if (partContent instanceof Multipart nested) {
                        for (int j = 0; j < nested.getCount(); j++) {
                            BodyPart p = nested.getBodyPart(j);
                            if (p.isMimeType("text/plain")) {
                                text = (String) p.getContent();
                            } else if (p.isMimeType("text/html")) {
                                html = (String) p.getContent();
                            }
                        }
                    } else if (part.isMimeType("text/plain")) {
                        text = (String) partContent;
                    } else if (part.isMimeType("text/html")) {
                        html = (String) partContent;
                    }
                }
            } else {
                text = String.valueOf(content);
            }
            return new InvitationMail(message.getAllRecipients()[0].toString(), message.getSubject(), text, html);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The invitation link in the text part. */
    String link() {
        Matcher m = LINK.matcher(text);
        if (!m.find()) {
            throw new AssertionError("No invitation link in:\n" + text);
        }
        return m.group();
    }
}
