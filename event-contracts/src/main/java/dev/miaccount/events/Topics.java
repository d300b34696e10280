package dev.miaccount.events;

/** One topic per owning service; records are keyed by the id of the thing they are about. */
public final class Topics {

    /** Produced by account-service, keyed by accountId. */
    public static final String ACCOUNT_EVENTS = "account-events";
    /** Produced by device-service, keyed by deviceId. */
    public static final String DEVICE_EVENTS = "device-events";
    /** Produced by notification-service, keyed by accountId. */
    public static final String NOTIFICATION_EVENTS = "notification-events";

    private Topics() {
    }

    /** The dead-letter topic of one consumer of one topic. */
    public static String deadLetter(String topic, String consumer) {
        return topic + "." + consumer + ".dlq";
    }
}
