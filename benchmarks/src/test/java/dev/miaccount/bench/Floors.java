package dev.miaccount.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.miaccount.infra.PostgresEndpoint;

/** What the flows cannot beat on this machine: the broker, the database and the hash, measured bare. */
final class Floors {

    private Floors() {
    }

    record KafkaHop(Stats latency, double recordsPerSecond) {
    }

    record Commit(Stats latency, double commitsPerSecond) {
    }

    /**
     * One produce→consume hop with acks=all, one record at a time (the latency), then 100,000 records of an event's
     * size as fast as one producer sends them (the rate, measured until the consumer has read the last).
     */
    static KafkaHop kafkaHop(String bootstrap) throws Exception {
        String topic = "bench-floor-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0"); // the hop itself; Kafka 4's default lingers 5 ms per send
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        TopicPartition partition = new TopicPartition(topic, 0);
        LinkedBlockingQueue<Long> received = new LinkedBlockingQueue<>();
        AtomicLong count = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            Future<?> reading = reader.submit(() -> {
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                    consumer.assign(List.of(partition));
                    consumer.seekToBeginning(List.of(partition));
                    while (!stop.get()) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                            count.incrementAndGet();
                            if (record.key().startsWith("ping")) {
                                received.add(System.nanoTime());
                            }
                        }
                    }
                }
                return null;
            });
            String payload = "x".repeat(300); // about an event's JSON
            for (int i = 0; i < 50; i++) { // connections made, metadata known, JIT warm
                producer.send(new ProducerRecord<>(topic, "ping", payload)).get();
                received.take();
            }
            long[] nanos = new long[500];
            for (int i = 0; i < nanos.length; i++) {
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "ping", payload));
                nanos[i] = received.take() - sent;
            }
            long before = count.get();
            int bulk = 100_000;
            long started = System.nanoTime();
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5"); // the rate: batches, as any busy producer makes them
            try (KafkaProducer<String, String> batching = new KafkaProducer<>(p)) {
                for (int i = 0; i < bulk; i++) {
                    batching.send(new ProducerRecord<>(topic, "bulk-" + (i % 64), payload));
                }
                batching.flush();
            }
            while (count.get() < before + bulk) {
                Thread.onSpinWait();
                if (reading.isDone()) {
                    reading.get();
                }
            }
            double rate = bulk / ((System.nanoTime() - started) / 1e9);
            stop.set(true);
            reading.get();
            return new KafkaHop(Stats.ofNanos(nanos), rate);
        } finally {
            stop.set(true);
            reader.shutdown();
        }
    }

    /**
     * A single-row INSERT committed on its own (autocommit), one after another (the latency), then from 8
     * connections at once for 5 s (the rate the WAL flushes allow with group commit).
     */
    static Commit commit(PostgresEndpoint postgres) throws Exception {
        postgres.ensureDatabase("bench");
        String url = postgres.jdbcUrl("bench");
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
                Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS floor (id uuid PRIMARY KEY, payload text NOT NULL)");
            String fsync;
            try (var rows = ddl.executeQuery("SHOW fsync")) {
                rows.next();
                fsync = rows.getString(1);
            }
            if (!"on".equals(fsync)) {
                throw new IllegalStateException("the commit floor needs fsync on; PostgreSQL has fsync=" + fsync);
            }
        }
        long[] nanos;
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
                PreparedStatement insert = connection.prepareStatement("INSERT INTO floor VALUES (?, ?)")) {
            for (int i = 0; i < 200; i++) {
                insertOne(insert);
            }
            nanos = new long[2000];
            for (int i = 0; i < nanos.length; i++) {
                long started = System.nanoTime();
                insertOne(insert);
                nanos[i] = System.nanoTime() - started;
            }
        }
        int connections = 8;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicLong commits = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            workers.add(pool.submit(() -> {
                try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
                        PreparedStatement insert = connection.prepareStatement("INSERT INTO floor VALUES (?, ?)")) {
                    while (System.nanoTime() < end) {
                        insertOne(insert);
                        commits.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return new Commit(Stats.ofNanos(nanos), commits.get() / 5.0);
    }

    private static void insertOne(PreparedStatement insert) throws SQLException {
        insert.setObject(1, UUID.randomUUID());
        insert.setString(2, "x".repeat(100));
        insert.executeUpdate();
    }

    /**
     * Password checks per second on {@code threads} threads, each verifying in a loop: 3 s to warm up, then 10 s
     * counted.
     */
    static double hashRate(int threads, Predicate<Integer> verify) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long measureFrom = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        long end = measureFrom + Duration.ofSeconds(10).toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                int i = 0;
                while (true) {
                    long started = System.nanoTime();
                    if (started >= end) {
                        return null;
                    }
                    if (!verify.test(i++)) {
                        throw new IllegalStateException("the hash did not verify");
                    }
                    if (started >= measureFrom) {
                        done.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return done.get() / 10.0;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
