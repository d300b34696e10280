package dev.miaccount.device.device;

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

/** Runs {@link DeviceService#sweepOverdueFlows(int)} every {@code miaccount.flow.sweep-interval}, one at a time. */
@ApplicationScoped
public class FlowDeadlines {

    private static final int BATCH = 100;

    private final Vertx vertx;
    private final DeviceService devices;
    private final Duration interval;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private long timer = -1;

    public FlowDeadlines(Vertx vertx, DeviceService devices,
            @ConfigProperty(name = "miaccount.flow.sweep-interval") Duration interval) {
        this.vertx = vertx;
        this.devices = devices;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(interval.toMillis(), id -> sweep());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        // Hibernate Reactive wants a safe duplicated Vert.x context of its own for each unit of work.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> devices.sweepOverdueFlows(BATCH).subscribe().with(count -> {
            sweeping.set(false);
            if (count == BATCH) {
                sweep(); // more are due
            }
        }, failure -> {
            sweeping.set(false);
            Log.warnf("sweep of overdue flows failed (next in %d ms): %s", interval.toMillis(), failure.getMessage());
        }));
    }
}
