package dev.miaccount.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code device.account-devices-removed.v1} on {@link Topics#DEVICE_EVENTS}, key and subject = accountId: in the
 * erasure of an account, device-service removed every phone it held (as Delete device does, LOCKED ones too: the
 * locks lifted) and forgot the account and every link to it. account-service erases the account next.
 */
public record AccountDevicesRemoved(String accountId, List<String> deviceIds, Instant at) {
}
