package dev.miaccount.account.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/v1/accounts}: email or phone (at least one), a password and an optional display name. */
public record RegisterRequest(
        @Schema(examples = "mi.fan@example.com") @Email(message = "must be an email address")
        @Size(max = 254) String email,
        @Schema(examples = "+8613800138000")
        @Pattern(regexp = Contacts.E164, message = "must be an E.164 phone number such as +8613800138000") String phone,
        @Schema(examples = "correct horse battery staple")
        @NotNull(message = "is required") @Size(min = 8, max = 128, message = "must be 8 to 128 characters")
        String password,
        @Schema(examples = "Mi Fan") @Size(max = 64, message = "must be at most 64 characters") String displayName) {

    /** Contacts are trimmed before they are validated; blank ones count as absent. */
    public RegisterRequest {
        email = Contacts.email(email);
        phone = Contacts.phone(phone);
    }

    /** Never the password, should the request ever be logged. */
    @Override
    public String toString() {
        return "RegisterRequest[email=" + email + ", phone=" + phone + ", password=******]";
    }
}
