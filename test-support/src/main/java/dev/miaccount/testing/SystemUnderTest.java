package dev.miaccount.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.miaccount.infra.Infrastructure;
import dev.miaccount.infra.LocalStack;

/**
 * The packaged services as separate processes on the real broker and database, started the way
 * {@code ./run-local.sh} starts them (on free ports), once for all system or browser tests of a JVM. Logs and keys
 * go to {@code target/system-under-test} of the module that runs them. Every system property
 * {@code sut.<property>=<value>} becomes configuration of every service (for example
 * {@code -Dsut.miaccount.client-limit.sign-in=0} turns that per-address limit off for a load of sign-ins).
 */
public final class SystemUnderTest {

    private static final String PREFIX = "sut.";

    private static LocalStack stack;

    private SystemUnderTest() {
    }

    public static synchronized LocalStack stack() {
        if (stack == null) {
            Infrastructure infrastructure = Infrastructure.shared();
            stack = LocalStack.start(infrastructure, false, Path.of("target/system-under-test"), extraConfig());
            infrastructure.beforeStop(stack::close); // services first, then the broker and database
        }
        return stack;
    }

    /** The {@code sut.*} system properties, without the prefix. */
    static Map<String, String> extraConfig() {
        Map<String, String> config = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(PREFIX))
                .forEach(name -> config.put(name.substring(PREFIX.length()), System.getProperty(name)));
        return config;
    }

    /** account-service's public API; through the contract check's Prism when that is on ({@link ContractProxies}). */
    public static String account() {
        return api("account-service");
    }

    public static String device() {
        return api("device-service");
    }

    public static String notification() {
        return api("notification-service");
    }

    /**
     * The service itself, never through the contract check's proxy: for a request that no validating proxy can
     * forward (Prism 5.16 never answers a request whose JSON body does not parse).
     */
    public static String direct(String service) {
        return stack().url(service);
    }

    private static String api(String service) {
        LocalStack stack = stack();
        return ContractProxies.front(service, stack.url(service), stack.infrastructure());
    }

    /** notification-service's internal API (the code check), on its own unpublished port. */
    public static String notificationInternal() {
        return stack().config("account-service", "miaccount.urls.notification-internal");
    }

    /** account-service's internal API (the accounts' data keys), on its own unpublished port. */
    public static String accountInternal() {
        return stack().config("notification-service", "miaccount.urls.account-internal");
    }

    /** The trace receiver the services export to; its API is Jaeger's ({@code /api/traces/{traceId}}). */
    public static String traces() {
        return stack().tracesUrl();
    }

    public static String dashboard() {
        return stack().url("event-dashboard");
    }

    public static String console() {
        return stack().url("web-console");
    }

    public static String kafka() {
        return stack().infrastructure().kafkaBootstrapServers();
    }
}
