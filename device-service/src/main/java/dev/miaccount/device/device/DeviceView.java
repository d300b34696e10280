package dev.miaccount.device.device;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A phone as API.md shows it; {@code flowStuck}: its sign-out or deletion got no answer from account-service after
 * every attempt (it is still asked for again now and then, and repeating the request asks at once).
 */
public record DeviceView(String deviceId, String model, String romRegion, DeviceState state, boolean findDevice,
        Instant boundAt, String accountEntry,
        @Schema(nullable = true, description = "KEEP or REMOVE chosen at the last sign-out; null before any")
        DataChoice lastDataChoice, boolean flowStuck) {

    /** Where Settings shows the Mi Account entry: at the top on CHINA ROMs, at the bottom elsewhere. */
    public static DeviceView of(Device device) {
        return new DeviceView(device.getDeviceId(), device.getModel(), device.getRomRegion(), device.getState(),
                device.isFindDevice(), device.getBoundAt(), "CHINA".equals(device.getRomRegion()) ? "TOP" : "BOTTOM",
                device.getLastDataChoice(), device.isFlowStuck());
    }
}
