package dev.miaccount.device.device;

/** What happens to the data synced from the phone when it signs out: kept in the cloud, or removed. */
public enum DataChoice {
    KEEP, REMOVE
}
