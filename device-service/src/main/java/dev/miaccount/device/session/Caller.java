package dev.miaccount.device.session;

import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who calls, from a verified access token: the account, the session, and the phone of a device session. */
public record Caller(String accountId, UUID sessionId, String deviceId) {

    public static Caller of(JsonWebToken token) {
        String sid = token.getClaim("sid");
        return new Caller(token.getSubject(), UUID.fromString(sid), token.getClaim("deviceId"));
    }

    public boolean isDeviceSession() {
        return deviceId != null;
    }
}
