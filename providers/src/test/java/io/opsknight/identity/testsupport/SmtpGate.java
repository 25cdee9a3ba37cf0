package io.opsknight.identity.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mail server that hangs, then answers: a loopback TCP gate in front of a real one ({@link Mail}). It takes
 * each connection at once but passes nothing until {@link #open()}, so the client waits for the greeting as it
 * would at a stuck server; once open, every held and later connection goes through to the mail server.
 */
public final class SmtpGate implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final CountDownLatch open = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-gate");
        t.setDaemon(true);
        return t;
    });

    public SmtpGate(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Waits until {@code count} connections came in (held while the gate is shut). */
    public void awaitConnections(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connections.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " connection(s) at the mail server, got " + connections.get());
            }
            Thread.sleep(20);
        }
    }

    /** From now on the mail server answers, the held connections first. */
    public void open() {
        open.countDown();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                threads.submit(() -> pass(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pass(Socket client) {
        try (client; Socket upstream = awaitOpenThenConnect()) {
            threads.submit(() -> copy(client.getInputStream(), upstream.getOutputStream()));
            copy(upstream.getInputStream(), client.getOutputStream());
        } catch (IOException | InterruptedException e) {
            // the client or the mail server hung up: nothing to pass on
        }
    }

    private Socket awaitOpenThenConnect() throws IOException, InterruptedException {
        open.await();
        return new Socket(InetAddress.getLoopbackAddress(), target);
    }

    private static Void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            out.flush();
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        open.countDown();
        server.close();
        threads.shutdownNow();
    }
}
