package dev.miaccount.account.signin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.miaccount.account.session.DeviceInfo;

/** {@code POST /api/v1/sessions}; with {@code device} it opens that phone's session. */
public record SignInRequest(
        @Schema(examples = "mi.fan@example.com", description = "email, E.164 phone or 10-digit account ID")
        @NotBlank(message = "is required") @Size(max = 254, message = "is too long") String identifier,
        @Schema(examples = "correct horse battery staple") @NotNull(message = "is required")
        @Size(max = 128, message = "must be at most 128 characters") String password,
        @Valid DeviceInfo device) {

    /** Never the password, should the request ever be logged. */
    @Override
    public String toString() {
        return "SignInRequest[identifier=" + identifier + ", password=******, device=" + device + "]";
    }
}
