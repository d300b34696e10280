package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.contact-changed.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: the change was
 * confirmed with the code. It comes just before the {@code account.profile-updated.v1} that carries the new
 * address, so notification-service still knows the old one: the {@code CONTACT_CHANGED} alert goes there (to the
 * account's other address when the old one was empty).
 */
public record ContactChanged(String changeId, String accountId, String channel, Instant changedAt) {
}
