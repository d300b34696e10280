package dev.miaccount.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * An HTTP load generator on Vert.x (non-blocking, so that one client JVM on this small machine takes as little CPU
 * from the server as it can): closed loops on a fixed number of connections, and an open loop at a fixed rate.
 */
final class HttpLoad implements AutoCloseable {

    /** One request: method, absolute URL, headers and body (null: none). */
    record Call(HttpMethod method, String url, Map<String, String> headers, String body) {
    }

    /** What a closed loop measured; {@code answered} counts the warm-up's answers too. */
    record Closed(int connections, double seconds, long ok, long failed, double perSecond, Stats latency,
            long answered) {
    }

    /** One request of an open loop: when it was due (epoch ms), its status and body, or -1 and the error. */
    record Answer(int index, long dueEpochMillis, int status, String body) {
    }

    private final Vertx vertx = Vertx.vertx();

    /**
     * {@code connections} loops, each sending its next request when the last one is answered: {@code warmUp}
     * unmeasured, then {@code duration} measured.
     */
    Closed closedLoop(int connections, Duration warmUp, Duration duration, IntFunction<Call> calls) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections));
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicInteger sequence = new AtomicInteger();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[connections];
        for (int i = 0; i < connections; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops[i] = done;
            Samples own = new Samples(); // touched only on this loop's event-loop thread
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                long sent = System.nanoTime();
                if (sent >= end) {
                    latencies.add(own.toArray());
                    done.complete(null);
                    return;
                }
                send(client, calls.apply(sequence.getAndIncrement())).onComplete(result -> {
                    long now = System.nanoTime();
                    answered.incrementAndGet();
                    boolean success = result.succeeded() && result.result() / 100 == 2;
                    if (sent >= measureFrom && now <= end) {
                        (success ? ok : failed).incrementAndGet();
                        if (success) {
                            own.add(now - sent);
                        }
                    }
                    next[0].run();
                });
            };
            vertx.runOnContext(ignored -> next[0].run());
        }
        CompletableFuture.allOf(loops).orTimeout(duration.plus(warmUp).toSeconds() + 60, TimeUnit.SECONDS).join();
        client.close();
        long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        double seconds = duration.toNanos() / 1e9;
        return new Closed(connections, seconds, ok.get(), failed.get(), ok.get() / seconds, Stats.ofNanos(all),
                answered.get());
    }

    /** A growable array of longs. */
    private static final class Samples {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    /**
     * Sends {@code count} requests at {@code perSecond}, each when it is due whatever the answers before it (so a
     * slow server cannot slow the offered load down), on up to {@code connections} connections.
     */
    CompletableFuture<java.util.List<Answer>> openLoop(int count, double perSecond, int connections,
            IntFunction<Call> calls) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        Answer[] answers = new Answer[count];
        AtomicInteger answered = new AtomicInteger();
        CompletableFuture<java.util.List<Answer>> all = new CompletableFuture<>();
        long startNanos = System.nanoTime();
        long startEpoch = System.currentTimeMillis();
        AtomicInteger issued = new AtomicInteger();
        vertx.setPeriodic(1, timer -> {
            long elapsed = System.nanoTime() - startNanos;
            int due = (int) Math.min(count, Math.floor(elapsed / 1e9 * perSecond) + 1);
            while (issued.get() < due) {
                int index = issued.getAndIncrement();
                long dueEpoch = startEpoch + Math.round(index * 1000.0 / perSecond);
                Call call = calls.apply(index);
                sendForBody(client, call).onComplete(result -> {
                    answers[index] = result.succeeded()
                            ? new Answer(index, dueEpoch, result.result().status(), result.result().body())
                            : new Answer(index, dueEpoch, -1, String.valueOf(result.cause()));
                    if (answered.incrementAndGet() == count) {
                        client.close();
                        all.complete(java.util.List.of(answers));
                    }
                });
            }
            if (issued.get() >= count) {
                vertx.cancelTimer(timer);
            }
        });
        return all;
    }

    private record StatusAndBody(int status, String body) {
    }

    private static Future<Integer> send(HttpClient client, Call call) {
        return sendForBody(client, call).map(StatusAndBody::status);
    }

    private static Future<StatusAndBody> sendForBody(HttpClient client, Call call) {
        RequestOptions options = new RequestOptions().setMethod(call.method()).setAbsoluteURI(call.url())
                .setTimeout(60_000);
        call.headers().forEach(options::putHeader);
        return client.request(options).compose(request -> (call.body() == null ? request.send()
                : request.send(Buffer.buffer(call.body())))
                .compose(response -> response.body()
                        .map(body -> new StatusAndBody(response.statusCode(), body.toString()))));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
