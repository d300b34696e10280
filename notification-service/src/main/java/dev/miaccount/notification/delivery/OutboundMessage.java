package dev.miaccount.notification.delivery;

/** What a gateway sends: the full destination and body, which are never logged or put on Kafka. */
public record OutboundMessage(Channel channel, String to, String subject, String body) {

    @Override
    public String toString() {
        return "OutboundMessage[" + channel + " to " + Masking.mask(channel, to) + "]";
    }
}
