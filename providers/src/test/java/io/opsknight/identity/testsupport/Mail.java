package io.opsknight.identity.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import java.net.ServerSocket;

/** A GreenMail SMTP server on a free loopback port, used as a test realm's SMTP server. */
public final class Mail implements AutoCloseable {

    private final GreenMail greenMail;
    private final int port;

    public Mail() {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    public int port() {
        return port;
    }

    /** Waits up to 10 s for the given number of messages and returns all received. */
    public MimeMessage[] await(int count) {
        if (!greenMail.waitForIncomingEmail(10_000, count)) {
            throw new AssertionError("Expected " + count + " email(s), got " + greenMail.getReceivedMessages().length);
        }
        return greenMail.getReceivedMessages();
    }

    public MimeMessage[] received() {
        return greenMail.getReceivedMessages();
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
