package dev.miaccount.notification.delivery;

public enum DeliveryKind {
    VERIFICATION_CODE, SECURITY_ALERT, WELCOME
}
