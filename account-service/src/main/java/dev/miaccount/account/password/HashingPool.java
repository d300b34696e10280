package dev.miaccount.account.password;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.problem.ProblemException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Where password hashes run: one thread per core, since Argon2 is pure CPU, and a bounded number of admitted
 * requests waiting for them. A request beyond that is shed at once with 503 and Retry-After instead of queueing
 * without end — before it touches the database, so a shed attempt is not counted against anyone.
 */
@ApplicationScoped
public class HashingPool {

    private final ExecutorService threads;
    private final Semaphore admitted;
    private final int capacity;
    private final int threadCount;

    public HashingPool(@ConfigProperty(name = "miaccount.password.hash-threads") int threadCount,
            @ConfigProperty(name = "miaccount.password.hash-queue") int queue, MeterRegistry registry) {
        int size = threadCount > 0 ? threadCount : Runtime.getRuntime().availableProcessors();
        AtomicInteger numbers = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(size, task -> {
            Thread thread = new Thread(task, "password-hash-" + numbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.capacity = size + Math.max(0, queue);
        this.admitted = new Semaphore(capacity);
        this.threadCount = size;
        Gauge.builder("miaccount.hashing.in.flight", this, HashingPool::inFlight)
                .description("Requests admitted to the hashing pool: hashing or waiting for a thread").register(registry);
        Gauge.builder("miaccount.hashing.queue", this, pool -> Math.max(0, pool.inFlight() - pool.threadCount))
                .description("Admitted requests waiting for a hashing thread").register(registry);
        Gauge.builder("miaccount.hashing.capacity", this, pool -> pool.capacity)
                .description("Requests the pool admits before it sheds with 503").register(registry);
    }

    /**
     * Runs {@code work} (which hashes through {@link #run}) once there is room, else fails with 503 at once.
     */
    public <T> Uni<T> admit(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            if (!admitted.tryAcquire()) {
                return Uni.createFrom().failure(new ProblemException(503, "busy", "Busy",
                        "too many sign-ins at this moment; try again in a second", null, null, Duration.ofSeconds(1)));
            }
            return work.get().onTermination().invoke(admitted::release);
        });
    }

    /** Runs a hash on the pool and continues on the caller's Vert.x context, where Hibernate Reactive needs it. */
    <T> Uni<T> run(Callable<T> hash) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = Vertx.currentContext();
            threads.execute(() -> {
                try {
                    T result = hash.call();
                    resume(context, () -> emitter.complete(result));
                } catch (Throwable e) {
                    resume(context, () -> emitter.fail(e));
                }
            });
        });
    }

    /** Requests admitted and not finished: running or waiting for a thread. */
    public int inFlight() {
        return capacity - admitted.availablePermits();
    }

    private static void resume(Context context, Runnable action) {
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
