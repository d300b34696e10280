package dev.miaccount.account.session;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The phone a sign-in happens on, as it describes itself. */
public record DeviceInfo(
        @Schema(examples = "phone-7f3a9c") @NotNull(message = "is required")
        @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 characters of A-Z a-z 0-9 . _ -")
        String deviceId,
        @Schema(examples = "Xiaomi 15") @NotNull(message = "is required") @Size(min = 1, max = 100,
                message = "must be 1 to 100 characters") String model,
        @Schema(examples = "GLOBAL") @NotNull(message = "is required")
        @Pattern(regexp = "CHINA|GLOBAL|EEA|INDIA|RUSSIA|INDONESIA|TAIWAN|TURKEY|JAPAN",
                message = "must be one of CHINA GLOBAL EEA INDIA RUSSIA INDONESIA TAIWAN TURKEY JAPAN")
        String romRegion,
        @Schema(description = "Find device, on unless turned off", defaultValue = "true") Boolean findDevice) {

    public boolean findDeviceOrDefault() {
        return findDevice == null || findDevice;
    }
}
