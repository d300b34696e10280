package dev.miaccount.messaging;

/** A record that can never be processed: it goes to the dead-letter topic at once, without retries. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }
}
