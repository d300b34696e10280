package dev.miaccount.notification.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** A real SMTP server (GreenMail) on a free local port, for the whole test JVM. */
public final class Mailbox {

    private static Mailbox instance;

    private final GreenMail greenMail;
    private final int port;

    private Mailbox() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    public static synchronized Mailbox get() {
        if (instance == null) {
            instance = new Mailbox();
        }
        return instance;
    }

    public int port() {
        return port;
    }

    public GreenMail greenMail() {
        return greenMail;
    }
}
