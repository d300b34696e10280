package dev.miaccount.infra;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition while a process is alive; the infrastructure's only way to wait. */
final class Await {

    private Await() {
    }

    static void until(String what, WatchedProcess process, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (process != null) {
                process.requireAlive();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (process == null ? "" : "; last log lines (" + process.logFile() + "):\n"
                                + process.logTail(40)));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }
}
