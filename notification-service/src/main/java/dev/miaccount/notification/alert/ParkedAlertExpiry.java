package dev.miaccount.notification.alert;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Every {@code miaccount.alert.parked-check-interval} ends the alerts parked past
 * {@code miaccount.alert.parked-max-wait} ({@link SecurityAlertService#expireParked}): FAILED, so that no alert waits
 * for ever for an account whose registration never comes. Replicas skip each other's rows (SKIP LOCKED).
 */
@ApplicationScoped
public class ParkedAlertExpiry {

    static final int BATCH = 100;

    private final Vertx vertx;
    private final SecurityAlertService alerts;
    private final Duration interval;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    public ParkedAlertExpiry(Vertx vertx, SecurityAlertService alerts,
            @ConfigProperty(name = "miaccount.alert.parked-check-interval") Duration interval) {
        this.vertx = vertx;
        this.alerts = alerts;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(interval.toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    /** One batch at a time; a database away is only logged, and the next tick tries again. */
    void tick() {
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        // Hibernate Reactive wants a safe duplicated Vert.x context of its own for each unit of work
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> alerts.expireParked(BATCH)
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(ended -> {
                    if (ended > 0) {
                        Log.warnf("%d parked alert(s) ended FAILED: no contact came within their max wait", ended);
                    }
                }, failure -> Log.warnf("parked alerts could not be checked (%s); trying again in %s",
                        failure.getMessage(), interval)));
    }
}
