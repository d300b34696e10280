package dev.miaccount.device.erasure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.device.account.KnownAccountRepository;
import dev.miaccount.device.bootloader.BootloaderGrantRepository;
import dev.miaccount.device.device.Device;
import dev.miaccount.device.device.DeviceRepository;
import dev.miaccount.events.AccountDeletionStarted;
import dev.miaccount.events.AccountDevicesRemoved;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * This service's step of an account's erasure, in the account-events consumer's transaction: every phone the account
 * owns is deleted (LOCKED ones too, their locks lifted), no phone keeps it as last owner, and its bootloader grants
 * and the account itself are forgotten; then {@code device.account-devices-removed.v1} (key and subject the
 * accountId, the flow's id) tells account-service to erase the account. Its phones can be bound by anyone now.
 */
@ApplicationScoped
public class AccountRemoval {

    private final DeviceRepository devices;
    private final BootloaderGrantRepository grants;
    private final KnownAccountRepository knownAccounts;
    private final Outbox outbox;
    private final Clock clock;

    public AccountRemoval(DeviceRepository devices, BootloaderGrantRepository grants,
            KnownAccountRepository knownAccounts, Outbox outbox, Clock clock) {
        this.devices = devices;
        this.grants = grants;
        this.knownAccounts = knownAccounts;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Uni<Void> deletionStarted(AccountDeletionStarted started, String flowId) {
        String accountId = started.accountId();
        Instant now = Instant.now(clock);
        long began = System.nanoTime();
        return devices.lockLinkedTo(accountId)
                .map(linked -> linked.stream().filter(device -> device.eraseAccount(accountId, flowId, now))
                        .map(Device::getDeviceId).toList())
                .call(() -> grants.delete("accountId", accountId))
                .call(() -> knownAccounts.deleteById(accountId))
                .call(removed -> outbox.append(new OutgoingEvent(Topics.DEVICE_EVENTS, accountId,
                        EventTypes.DEVICE_ACCOUNT_DEVICES_REMOVED, accountId, flowId,
                        new AccountDevicesRemoved(accountId, removed, now))))
                .invoke(removed -> Log.infof("account %s erased here: %d phone(s) removed, in %d ms", accountId,
                        removed.size(), Duration.ofNanos(System.nanoTime() - began).toMillis()))
                .replaceWithVoid();
    }
}
