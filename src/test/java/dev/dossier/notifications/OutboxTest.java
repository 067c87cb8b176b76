package dev.dossier.notifications;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.dossier.DossierTest;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A test of emails to customers through a real SMTP server, where the test decides when the outbox sends: the mail
 * run never starts by itself, {@link #sendDueEmails()} runs it. Every subclass shares one application context.
 */
@DossierTest
@AutoConfigureMockMvc
public abstract class OutboxTest {

    private static final int SMTP_PORT = freePort();
    private static final GreenMail SMTP =
            new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("dossier.mail.poll", () -> "1h");
        registry.add("dossier.base-url", () -> "https://crm.example.com");
    }

    @Autowired
    private MailOutbox outbox;

    /** Runs the mail run once, as its schedule would; returns how many emails the server accepted. */
    protected int sendDueEmails() {
        return outbox.sendPending();
    }

    /** The messages the SMTP server received for this address. */
    protected static List<MimeMessage> receivedBy(String address) {
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients())
                                .anyMatch(r -> r.toString().equalsIgnoreCase(address));
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    /** The plain text of a message. */
    protected static String text(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
