package dev.miaccount.browser;

import java.nio.file.Path;
import java.util.Map;

import dev.miaccount.infra.Infrastructure;
import dev.miaccount.infra.LocalStack;

/**
 * The packaged services as separate processes on the real broker and database, started the way
 * {@code ./run-local.sh} starts them (on free ports, the console included), once for all browser tests of this JVM.
 * The same pattern as system-tests' SystemUnderTest; test classes of another module are not shared in Maven.
 */
final class SystemUnderTest {

    private static LocalStack stack;

    private SystemUnderTest() {
    }

    static synchronized LocalStack stack() {
        if (stack == null) {
            Infrastructure infrastructure = Infrastructure.shared();
            stack = LocalStack.start(infrastructure, false, Path.of("target/browser-test"), Map.of());
            infrastructure.beforeStop(stack::close); // services first, then the broker and database
        }
        return stack;
    }

    static String account() {
        return stack().url("account-service");
    }

    static String device() {
        return stack().url("device-service");
    }

    static String dashboard() {
        return stack().url("event-dashboard");
    }

    static String console() {
        return stack().url("web-console");
    }
}
