package dev.miaccount.notification.sandbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.miaccount.notification.delivery.Channel;

/** A message the sandbox gateway "sent": kept so that a demo or a test can read it. */
@Entity
@Table(name = "sandbox_message")
public class SandboxMessage {

    @Id
    private UUID id;

    @Column(name = "account_id")
    private String accountId;

    @Column(nullable = false)
    private String recipient;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Channel channel;

    private String subject;

    @Column(nullable = false)
    private String body;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected SandboxMessage() {
    }

    public SandboxMessage(String accountId, String recipient, Channel channel, String subject, String body,
            Instant createdAt) {
        this.accountId = accountId;
        this.id = UUID.randomUUID();
        this.recipient = recipient;
        this.channel = channel;
        this.subject = subject;
        this.body = body;
        this.createdAt = createdAt;
    }

    public String getRecipient() {
        return recipient;
    }

    public Channel getChannel() {
        return channel;
    }

    public String getSubject() {
        return subject;
    }

    public String getBody() {
        return body;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
