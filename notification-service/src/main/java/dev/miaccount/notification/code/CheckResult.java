package dev.miaccount.notification.code;

/** The answer to account-service's check of a code. */
public enum CheckResult {
    /** The right code of that reset or contact change and account, unexpired and unused: now used. */
    VALID,
    /** Wrong, expired, used, voided, or no such reset or change for that account. */
    INVALID,
    /** Too many wrong attempts: the code is dead, even the right one is refused. */
    EXHAUSTED
}
