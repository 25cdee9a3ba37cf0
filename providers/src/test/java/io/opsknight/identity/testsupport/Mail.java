package io.opsknight.identity.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import java.net.ServerSocket;

/** A GreenMail SMTP server on a free loopback port, used as a test realm's SMTP server. */
public final class Mail implements AutoCloseable {

    private GreenMail greenMail;
    private final int port;

    public Mail() {
        port = freePort();
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    /** The mail server goes down (connections refused) until {@link #resume}; what it received is forgotten. */
    public synchronized void pause() {
        greenMail.stop();
    }

    /** Up again on the same port. */
    public synchronized void resume() {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    /** Waits up to {@code seconds} for the given number of messages and returns all received. */
    public MimeMessage[] await(int count, int seconds) {
        if (!greenMail.waitForIncomingEmail(seconds * 1000L, count)) {
            throw new AssertionError("Expected " + count + " email(s), got " + greenMail.getReceivedMessages().length);
        }
        return greenMail.getReceivedMessages();
    }

    /** A loopback port nothing listens on: free for a server to take, or, left alone, a mail server that refuses. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Waits up to 10 s for the given number of messages and returns all received. */
    public MimeMessage[] await(int count) {
        return await(count, 10);
    }

    public MimeMessage[] received() {
        return greenMail.getReceivedMessages();
    }

    /** A received email decoded: first recipient, subject, plain-text and HTML parts (null when absent). */
    public record Decoded(String to, String subject, String text, String html) {
    }

    public static Decoded decode(MimeMessage message) {
        try {
            String[] parts = new String[2];
            collect(message.getContent(), parts);
            if (parts[0] == null && parts[1] == null) {
                parts[0] = String.valueOf(message.getContent());
            }
            return new Decoded(message.getAllRecipients()[0].toString(), message.getSubject(), parts[0], parts[1]);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(Object content, String[] parts) throws Exception {
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                jakarta.mail.BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    parts[0] = (String) part.getContent();
                } else if (part.isMimeType("text/html")) {
                    parts[1] = (String) part.getContent();
                } else {
                    collect(part.getContent(), parts);
                }
            }
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
