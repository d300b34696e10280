package dev.miaccount.auth;

/**
 * The names every service reads from account-service's tokens, in one place. Access and step-up tokens differ by
 * audience, so neither is ever accepted in the other's place.
 */
public final class TokenClaims {

    public static final String ACCESS_AUDIENCE = "mi-account";
    public static final String STEP_UP_AUDIENCE = "mi-account-step-up";
    public static final String SESSION_ID = "sid";
    public static final String DEVICE_ID = "deviceId";
    public static final String AUTH_TIME = "auth_time";
    /** Where the API takes a step-up token (API.md v1.1). */
    public static final String STEP_UP_HEADER = "X-Step-Up-Token";

    private TokenClaims() {
    }
}
