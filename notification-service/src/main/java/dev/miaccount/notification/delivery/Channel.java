package dev.miaccount.notification.delivery;

public enum Channel {
    SMS, EMAIL
}
