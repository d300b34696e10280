package dev.miaccount.system;

import java.nio.file.Path;
import java.util.Map;

import dev.miaccount.infra.Infrastructure;
import dev.miaccount.infra.LocalStack;

/**
 * The packaged services as separate processes on the real broker and database, started the way
 * {@code ./run-local.sh} starts them (on free ports), once for all system tests of this JVM.
 */
final class SystemUnderTest {

    private static LocalStack stack;

    private SystemUnderTest() {
    }

    static synchronized LocalStack stack() {
        if (stack == null) {
            Infrastructure infrastructure = Infrastructure.shared();
            stack = LocalStack.start(infrastructure, false, Path.of("target/system-test"), Map.of());
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

    static String notification() {
        return stack().url("notification-service");
    }

    static String dashboard() {
        return stack().url("event-dashboard");
    }

    static String kafka() {
        return stack().infrastructure().kafkaBootstrapServers();
    }
}
