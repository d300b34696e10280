package dev.miaccount.events;

import java.time.Instant;

/**
 * The data of every {@code device.*.v1} event on {@link Topics#DEVICE_EVENTS}, subject and key = deviceId: the
 * phone's state after the step, the account the step concerns, and the step's own facts.
 *
 * <ul>
 * <li>{@code device.bound.v1}: BOUND to accountId (sessionId = the device session that bound it)</li>
 * <li>{@code device.binding-rejected.v1}: the phone belongs to another account; account-service revokes
 * sessionId (accountId = the account that tried)</li>
 * <li>{@code device.find-device-changed.v1}: findDevice is now as given</li>
 * <li>{@code device.sign-out-requested.v1} / {@code device.deletion-requested.v1} /
 * {@code device.reset-requested.v1}: SIGNING_OUT / DELETING / the reset began; account-service revokes the
 * phone's sessions of accountId</li>
 * <li>{@code device.signed-out.v1} / {@code device.deleted.v1}: final; the lock is lifted, dataChoice recorded;
 * notification-service alerts accountId</li>
 * <li>{@code device.locked.v1}: LOCKED to accountId after a factory reset with Find device on (alert)</li>
 * <li>{@code device.activated.v1}: the owner unlocked it again</li>
 * <li>{@code device.flow-stuck.v1}: the sign-out or deletion under way got no answer after its last attempt; the
 * state is still SIGNING_OUT / DELETING. A request sent again under a deadline carries the same flowid and, as
 * {@code at}, the time of the original request.</li>
 * </ul>
 */
public record DeviceEvent(String deviceId, String accountId, String state, String model, String romRegion,
        boolean findDevice, String dataChoice, String sessionId, Instant at) {
}
