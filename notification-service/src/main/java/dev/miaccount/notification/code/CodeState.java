package dev.miaccount.notification.code;

/** ACTIVE until it is accepted (USED), replaced by a newer reset (VOIDED) or guessed wrong too often (EXHAUSTED). */
public enum CodeState {
    ACTIVE, USED, VOIDED, EXHAUSTED
}
