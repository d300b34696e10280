package dev.miaccount.notification.code;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.events.PasswordResetRequested;
import dev.miaccount.notification.contact.AccountContact;
import dev.miaccount.notification.contact.ContactService;
import dev.miaccount.notification.delivery.Channel;
import dev.miaccount.notification.delivery.DeliveryKind;
import dev.miaccount.notification.delivery.DeliveryService;
import dev.miaccount.notification.delivery.OutboundMessage;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Password-reset codes: made and sent when account-service announces a reset, checked when it asks. Only the
 * code's hash is kept; the code exists in the message and nowhere else (never a log line, never a Kafka record).
 */
@ApplicationScoped
public class CodeService {

    public static final String REASON = "PASSWORD_RESET";
    static final Duration LONGEST_LIFETIME = Duration.ofMinutes(10);
    static final String NO_CONTACT = "no phone or email is known for the account";

    private final VerificationCodeRepository codes;
    private final CodeHasher hasher;
    private final ContactService contacts;
    private final DeliveryService deliveries;
    private final Clock clock;
    private final Duration lifetime;
    private final int maxAttempts;
    private final Duration cooldown;
    private final int hourlyCap;

    public CodeService(VerificationCodeRepository codes, CodeHasher hasher, ContactService contacts,
            DeliveryService deliveries, Clock clock,
            @ConfigProperty(name = "miaccount.code.lifetime", defaultValue = "10M") Duration lifetime,
            @ConfigProperty(name = "miaccount.code.max-attempts", defaultValue = "5") int maxAttempts,
            @ConfigProperty(name = "miaccount.code.resend-cooldown", defaultValue = "60S") Duration cooldown,
            @ConfigProperty(name = "miaccount.code.hourly-cap", defaultValue = "5") int hourlyCap) {
        this.codes = codes;
        this.hasher = hasher;
        this.contacts = contacts;
        this.deliveries = deliveries;
        this.clock = clock;
        this.lifetime = lifetime;
        this.maxAttempts = maxAttempts;
        this.cooldown = cooldown;
        this.hourlyCap = hourlyCap;
    }

    /** A code must not live longer than 10 minutes: the service refuses to start with a longer lifetime. */
    void verifySettings(@Observes StartupEvent event) {
        refuseLongLifetime(lifetime);
    }

    static void refuseLongLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(LONGEST_LIFETIME) > 0) {
            throw new IllegalStateException("miaccount.code.lifetime must be more than 0 and at most 10 minutes, not "
                    + lifetime);
        }
    }

    /**
     * Runs inside the consumer's transaction: voids the account's older codes, keeps the new code's hash and sends
     * the code by SMS to the account's phone, by email when it has none. Within the cooldown, or past the hourly
     * cap (per account and per destination), nothing is sent: a FAILED delivery says why.
     */
    public Uni<Void> resetRequested(PasswordResetRequested reset, String flowId) {
        Instant now = Instant.now(clock);
        return contacts.find(reset.accountId()).flatMap(contact -> {
            if (contact == null || (contact.getPhone() == null && contact.getEmail() == null)) {
                return deliveries.undeliverable(reset.accountId(), DeliveryKind.VERIFICATION_CODE, REASON,
                        Channel.SMS, NO_CONTACT, flowId).replaceWithVoid();
            }
            Channel channel = contact.getPhone() != null ? Channel.SMS : Channel.EMAIL;
            String to = channel == Channel.SMS ? contact.getPhone() : contact.getEmail();
            String destination = hasher.destination(to);
            return limitReached(reset.accountId(), destination, now).flatMap(limit -> limit != null
                    ? deliveries.refused(reset.accountId(), DeliveryKind.VERIFICATION_CODE, REASON, channel, to, limit,
                            flowId).replaceWithVoid()
                    : send(reset, contact, channel, to, destination, now, flowId));
        });
    }

    private Uni<String> limitReached(String accountId, String destination, Instant now) {
        return codes.sentSince(accountId, destination, now.minus(cooldown)).flatMap(recent -> recent > 0
                ? Uni.createFrom().item("resend cooldown: a code was sent less than " + cooldown.toSeconds()
                        + " s ago")
                : codes.sentSince(accountId, destination, now.minus(Duration.ofHours(1)))
                        .map(lastHour -> lastHour >= hourlyCap
                                ? "hourly cap: " + hourlyCap + " codes were sent in the last hour"
                                : null));
    }

    private Uni<Void> send(PasswordResetRequested reset, AccountContact contact, Channel channel, String to,
            String destination, Instant now, String flowId) {
        String code = hasher.newCode();
        VerificationCode kept = new VerificationCode(reset.resetId(), reset.accountId(),
                hasher.hash(reset.resetId(), code), destination, now, now.plus(lifetime));
        return codes.voidActive(reset.accountId())
                .call(() -> codes.persist(kept))
                .call(() -> deliveries.deliver(reset.accountId(), DeliveryKind.VERIFICATION_CODE, REASON,
                        message(channel, to, contact, code), flowId))
                .invoke(() -> Log.infof("verification code for reset %s of account %s made, valid until %s",
                        reset.resetId(), reset.accountId(), now.plus(lifetime)))
                .replaceWithVoid();
    }

    private OutboundMessage message(Channel channel, String to, AccountContact contact, String code) {
        String text = "Your Mi Account verification code is " + code + ". It expires in " + lifetime.toMinutes()
                + " minutes.";
        if (channel == Channel.SMS) {
            return new OutboundMessage(Channel.SMS, to, null, text);
        }
        String greeting = contact.getDisplayName() == null ? "Hello," : "Hello " + contact.getDisplayName() + ",";
        return new OutboundMessage(Channel.EMAIL, to, "Your Mi Account verification code", greeting + "\n\n" + text
                + "\n\nIf you did not ask to reset your password, ignore this message: your password stays as it is.");
    }

    /**
     * account-service's check of a code for a reset: the row is locked for the check, so that of two concurrent
     * checks of the right code one is VALID; a wrong code counts an attempt.
     */
    @WithTransaction
    public Uni<CheckResult> check(String resetId, String accountId, String code) {
        if (resetId.length() > 64) {
            return Uni.createFrom().item(CheckResult.INVALID);
        }
        String candidate = hasher.hash(resetId, code);
        return codes.findById(resetId, LockModeType.PESSIMISTIC_WRITE).map(kept -> {
            if (kept == null) {
                return CheckResult.INVALID;
            }
            CheckResult result = kept.check(accountId, candidate, Instant.now(clock), maxAttempts);
            Log.infof("code check for reset %s of account %s: %s (%d wrong attempts)", resetId, accountId, result,
                    kept.getFailedAttempts());
            return result;
        });
    }
}
