package dev.miaccount.notification.code;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.events.AccountDeletionRequested;
import dev.miaccount.events.ContactChangeRequested;
import dev.miaccount.events.PasswordResetRequested;
import dev.miaccount.messaging.PoisonEventException;
import dev.miaccount.notification.contact.AccountContact;
import dev.miaccount.notification.contact.ContactService;
import dev.miaccount.notification.contact.SealedPersonalData;
import dev.miaccount.notification.delivery.Channel;
import dev.miaccount.notification.delivery.DeliveryKind;
import dev.miaccount.notification.delivery.DeliveryService;
import dev.miaccount.notification.delivery.OutboundMessage;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Verification codes for password resets and contact changes: made and sent when account-service announces the
 * request, checked when it asks. Only the code's hash is kept; the code exists in the message and nowhere else
 * (never a log line, never a Kafka record).
 */
@ApplicationScoped
public class CodeService {

    static final Duration LONGEST_LIFETIME = Duration.ofMinutes(10);
    /** The window of the daily cap on wrong checks. */
    static final Duration FAILURE_WINDOW = Duration.ofHours(24);
    /** NIST SP 800-63B: at most 100 consecutive failed attempts on one account. */
    static final int HIGHEST_DAILY_FAILURE_CAP = 100;
    static final String NO_CONTACT = "no phone or email is known for the account";

    /** A code to make: for which request, account and purpose, and where it goes. */
    private record CodeRequest(String requestId, String accountId, CodePurpose purpose, Channel channel, String to,
            String displayName) {
    }

    private final VerificationCodeRepository codes;
    private final FailedCodeCheckRepository failures;
    private final CodeHasher hasher;
    private final ContactService contacts;
    private final SealedPersonalData personalData;
    private final DeliveryService deliveries;
    private final Clock clock;
    private final Duration lifetime;
    private final int maxAttempts;
    private final Duration cooldown;
    private final int hourlyCap;
    private final int dailyFailureCap;

    public CodeService(VerificationCodeRepository codes, FailedCodeCheckRepository failures, CodeHasher hasher,
            ContactService contacts, SealedPersonalData personalData, DeliveryService deliveries, Clock clock,
            @ConfigProperty(name = "miaccount.code.lifetime", defaultValue = "10M") Duration lifetime,
            @ConfigProperty(name = "miaccount.code.max-attempts", defaultValue = "5") int maxAttempts,
            @ConfigProperty(name = "miaccount.code.resend-cooldown", defaultValue = "60S") Duration cooldown,
            @ConfigProperty(name = "miaccount.code.hourly-cap", defaultValue = "5") int hourlyCap,
            @ConfigProperty(name = "miaccount.code.daily-failure-cap", defaultValue = "20") int dailyFailureCap) {
        this.codes = codes;
        this.failures = failures;
        this.hasher = hasher;
        this.contacts = contacts;
        this.personalData = personalData;
        this.deliveries = deliveries;
        this.clock = clock;
        this.lifetime = lifetime;
        this.maxAttempts = maxAttempts;
        this.cooldown = cooldown;
        this.hourlyCap = hourlyCap;
        this.dailyFailureCap = dailyFailureCap;
    }

    /**
     * A code must not live longer than 10 minutes, and an account gets at most 100 wrong checks a day: the service
     * refuses to start otherwise.
     */
    void verifySettings(@Observes StartupEvent event) {
        refuseLongLifetime(lifetime);
        refuseDailyFailureCap(dailyFailureCap);
    }

    static void refuseDailyFailureCap(int cap) {
        if (cap < 1 || cap > HIGHEST_DAILY_FAILURE_CAP) {
            throw new IllegalStateException("miaccount.code.daily-failure-cap must be between 1 and "
                    + HIGHEST_DAILY_FAILURE_CAP + ", not " + cap);
        }
    }

    static void refuseLongLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(LONGEST_LIFETIME) > 0) {
            throw new IllegalStateException("miaccount.code.lifetime must be more than 0 and at most 10 minutes, not "
                    + lifetime);
        }
    }

    /**
     * Runs inside the consumer's transaction: a code bound to the reset, sent by SMS to the account's phone, by
     * email when it has none (see {@link #issue}).
     */
    public Uni<Void> resetRequested(PasswordResetRequested reset, String flowId) {
        return toTheAccount(CodePurpose.PASSWORD_RESET, reset.resetId(), reset.accountId(), flowId);
    }

    /** As {@link #resetRequested}, for the deletion of the account: bound to the deletionId. */
    public Uni<Void> deletionRequested(AccountDeletionRequested deletion, String flowId) {
        return toTheAccount(CodePurpose.ACCOUNT_DELETION, deletion.deletionId(), deletion.accountId(), flowId);
    }

    private Uni<Void> toTheAccount(CodePurpose purpose, String requestId, String accountId, String flowId) {
        return contacts.find(accountId).flatMap(contact -> {
            if (contact == null || (contact.getPhone() == null && contact.getEmail() == null)) {
                return deliveries.undeliverable(accountId, DeliveryKind.VERIFICATION_CODE, purpose.name(),
                        Channel.SMS, NO_CONTACT, flowId).replaceWithVoid();
            }
            Channel channel = contact.getPhone() != null ? Channel.SMS : Channel.EMAIL;
            String to = channel == Channel.SMS ? contact.getPhone() : contact.getEmail();
            return issue(new CodeRequest(requestId, accountId, purpose, channel, to, contact.getDisplayName()),
                    flowId);
        });
    }

    /**
     * Runs inside the consumer's transaction: a code bound to the change, sent to the new address (opened with the
     * account's data key) on its channel (see {@link #issue}). It greets no one by name: the new address may be a
     * stranger's, typed by mistake. An erased account's request (a replay) opens to nothing and is skipped.
     *
     * @throws PoisonEventException (as the Uni's failure) when the new address is no phone number or email address
     */
    public Uni<Void> contactChangeRequested(ContactChangeRequested change, String flowId) {
        return personalData.open(change.accountId(), change.personal(), ContactChangeRequested.Destination.class)
                .flatMap(opened -> {
                    if (opened == null) {
                        Log.infof("account %s is erased: its contact change %s gets no code", change.accountId(),
                                change.changeId());
                        return Uni.createFrom().voidItem();
                    }
                    if (!validDestination(change.channel(), opened.destination())) {
                        return Uni.createFrom().failure(new PoisonEventException("contact change "
                                + change.changeId() + " names no valid " + change.channel() + " destination"));
                    }
                    return issue(new CodeRequest(change.changeId(), change.accountId(), CodePurpose.CONTACT_CHANGE,
                            Channel.valueOf(change.channel()), opened.destination().trim(), null), flowId);
                });
    }

    /**
     * Voids the account's older codes of the same purpose, keeps the new code's hash and sends the code. Within the
     * cooldown, or past the hourly cap (per account and purpose, and per destination whatever the purpose), nothing
     * is sent: a FAILED delivery says why. A request that already has its code (announced twice) gets no second.
     */
    private Uni<Void> issue(CodeRequest request, String flowId) {
        Instant now = Instant.now(clock);
        String destination = hasher.destination(request.to());
        return codes.findById(request.requestId()).flatMap(existing -> {
            if (existing != null) {
                Log.infof("%s %s of account %s has its code already; none is sent again", request.purpose(),
                        request.requestId(), request.accountId());
                return Uni.createFrom().voidItem();
            }
            return limitReached(request, destination, now).flatMap(limit -> limit != null
                    ? deliveries.refused(request.accountId(), DeliveryKind.VERIFICATION_CODE, request.purpose().name(),
                            request.channel(), request.to(), limit, flowId).replaceWithVoid()
                    : send(request, destination, now, flowId));
        });
    }

    private Uni<String> limitReached(CodeRequest request, String destination, Instant now) {
        return codes.sentSince(request.accountId(), request.purpose(), destination, now.minus(cooldown))
                .flatMap(recent -> recent > 0
                        ? Uni.createFrom().item("resend cooldown: a code was sent less than " + cooldown.toSeconds()
                                + " s ago")
                        : codes.sentSince(request.accountId(), request.purpose(), destination,
                                now.minus(Duration.ofHours(1)))
                                .map(lastHour -> lastHour >= hourlyCap
                                        ? "hourly cap: " + hourlyCap + " codes were sent in the last hour"
                                        : null));
    }

    private Uni<Void> send(CodeRequest request, String destination, Instant now, String flowId) {
        String code = hasher.newCode();
        VerificationCode kept = new VerificationCode(request.requestId(), request.accountId(), request.purpose(),
                hasher.hash(request.requestId(), code), destination, now, now.plus(lifetime));
        return codes.voidActive(request.accountId(), request.purpose())
                .call(() -> codes.persist(kept))
                .call(() -> deliveries.deliver(request.accountId(), DeliveryKind.VERIFICATION_CODE,
                        request.purpose().name(), message(request, code), flowId, kept.getExpiresAt()))
                .invoke(() -> Log.infof("%s code for %s of account %s made, valid until %s", request.purpose(),
                        request.requestId(), request.accountId(), now.plus(lifetime)))
                .replaceWithVoid();
    }

    private OutboundMessage message(CodeRequest request, String code) {
        String text = "Your Mi Account verification code is " + code + ". It expires in " + lifetime.toMinutes()
                + " minutes.";
        boolean change = request.purpose() == CodePurpose.CONTACT_CHANGE;
        boolean deletion = request.purpose() == CodePurpose.ACCOUNT_DELETION;
        if (request.channel() == Channel.SMS) {
            return new OutboundMessage(Channel.SMS, request.to(), null,
                    change ? text + " It makes this number the phone of a Mi Account."
                            : deletion ? text + " It DELETES your Mi Account: give it to no one." : text);
        }
        String greeting = request.displayName() == null ? "Hello," : "Hello " + request.displayName() + ",";
        String ignore = change
                ? "Someone asked to make this address the email of their Mi Account. If it was not you, ignore this"
                        + " message: nothing changes."
                : deletion ? "This code deletes your Mi Account and everything in it for good. If you did not ask for"
                        + " this, someone knows your password: change it at once."
                : "If you did not ask to reset your password, ignore this message: your password stays as it is.";
        return new OutboundMessage(Channel.EMAIL, request.to(), "Your Mi Account verification code",
                greeting + "\n\n" + text + "\n\n" + ignore);
    }

    /**
     * account-service's check of a code for a reset or contact change ({@code requestId}). The row is locked for
     * the check, so that of two concurrent checks of the right code one is VALID; a wrong code counts an attempt on
     * the code and a failure of the account. With {@code purpose} given, a code of another purpose is INVALID (and
     * nothing is counted). Once the account has {@code miaccount.code.daily-failure-cap} wrong checks in the last
     * 24 h, every check of its codes is EXHAUSTED, uncounted, until the oldest of them leaves the window.
     */
    @WithTransaction
    public Uni<CheckResult> check(String requestId, String accountId, String code, CodePurpose purpose) {
        if (requestId.length() > 64) {
            return Uni.createFrom().item(CheckResult.INVALID);
        }
        Instant now = Instant.now(clock);
        Instant windowStart = now.minus(FAILURE_WINDOW);
        return failures.lockAccount(accountId)
                .chain(() -> failures.since(accountId, windowStart))
                .chain(failed -> {
                    if (failed >= dailyFailureCap) {
                        Log.infof("code check for %s of account %s: EXHAUSTED (%d wrong codes in 24 h, the daily"
                                + " cap)", requestId, accountId, failed);
                        return Uni.createFrom().item(CheckResult.EXHAUSTED);
                    }
                    return checkCode(requestId, accountId, code, purpose, now, failed, windowStart);
                });
    }

    private Uni<CheckResult> checkCode(String requestId, String accountId, String code, CodePurpose purpose,
            Instant now, long failedBefore, Instant windowStart) {
        String candidate = hasher.hash(requestId, code);
        return codes.findById(requestId, LockModeType.PESSIMISTIC_WRITE).flatMap(kept -> {
            if (kept == null || (purpose != null && purpose != kept.getPurpose())) {
                return Uni.createFrom().item(CheckResult.INVALID);
            }
            int attemptsBefore = kept.getFailedAttempts();
            CheckResult result = kept.check(accountId, candidate, now, maxAttempts);
            boolean wrong = kept.getFailedAttempts() > attemptsBefore;
            Uni<Void> counted = wrong ? failures.record(accountId, now, windowStart) : Uni.createFrom().voidItem();
            return counted.map(ignored -> {
                CheckResult answer = wrong && failedBefore + 1 >= dailyFailureCap ? CheckResult.EXHAUSTED : result;
                Log.infof("code check for %s %s of account %s: %s (%d wrong attempts; %d wrong codes in 24 h)",
                        kept.getPurpose(), requestId, accountId, answer, kept.getFailedAttempts(),
                        failedBefore + (wrong ? 1 : 0));
                return answer;
            });
        });
    }

    /** A phone number (E.164) for SMS, an email address for EMAIL. */
    private static boolean validDestination(String channel, String destination) {
        if (destination == null) {
            return false;
        }
        String to = destination.trim();
        return switch (channel == null ? "" : channel) {
            case "SMS" -> to.matches("\\+[1-9][0-9]{6,14}");
            case "EMAIL" -> to.length() <= 254 && to.matches("[^@\\s]+@[^@\\s]+");
            default -> false;
        };
    }
}
