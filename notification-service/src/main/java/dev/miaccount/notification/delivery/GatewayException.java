package dev.miaccount.notification.delivery;

/**
 * Why a gateway did not take a message; the message names no body and no full destination. A permanent failure
 * (the provider refused this message: a 4xx, an SMTP 5xx reply) ends the delivery as FAILED; any other (a
 * timeout, a 5xx, a refused connection) is tried again later.
 */
public class GatewayException extends RuntimeException {

    private final boolean permanent;

    private GatewayException(String message, boolean permanent) {
        super(message, null, false, false);
        this.permanent = permanent;
    }

    /** Worth trying again later: the provider or the way to it failed, not the message. */
    public static GatewayException transientFailure(String message) {
        return new GatewayException(message, false);
    }

    /** The provider refused this message; sending it again would be refused again. */
    public static GatewayException permanentFailure(String message) {
        return new GatewayException(message, true);
    }

    public boolean isPermanent() {
        return permanent;
    }
}
