package dev.miaccount.account.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code PATCH /api/v1/accounts/me}: only the fields given change; an absent or null field stays as it is. */
public record UpdateProfileRequest(
        @Schema(examples = "Mi Fan") @Size(max = 64, message = "must be at most 64 characters") String displayName,
        @Schema(examples = "new.address@example.com") @Email(message = "must be an email address")
        @Size(max = 254) String email,
        @Schema(examples = "+8613900139000")
        @Pattern(regexp = Contacts.E164, message = "must be an E.164 phone number such as +8613800138000") String phone) {

    public UpdateProfileRequest {
        email = Contacts.email(email);
        phone = Contacts.phone(phone);
    }
}
