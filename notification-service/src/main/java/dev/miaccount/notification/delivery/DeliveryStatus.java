package dev.miaccount.notification.delivery;

public enum DeliveryStatus {
    PENDING, SENT, FAILED
}
