package dev.miaccount.device.device;

/** Where a phone stands; the first four mean it belongs to an account (it shows in that account's My Devices). */
public enum DeviceState {
    BOUND, SIGNING_OUT, DELETING, LOCKED, SIGNED_OUT, DELETED;

    public boolean owned() {
        return this == BOUND || this == SIGNING_OUT || this == DELETING || this == LOCKED;
    }
}
