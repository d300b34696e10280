package dev.miaccount.messaging;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.miaccount.messaging.inbox.IdempotentConsumer;
import dev.miaccount.messaging.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** A tiny application on the backbone, as a service would use it. */
public class BackboneTestApp {

    public static final String TOPIC = "backbone-test-events";
    public static final String NOTE_CREATED = "test.note-created.v1";
    public static final String COUNTED = "test.counted.v1";
    /** A type on the topic the consumer does not act on. */
    public static final String NOT_HANDLED = "test.not-handled.v1";
    public static final String ALWAYS_FAILS = "test.always-fails.v1";
    /** Fails as if the database were unreachable while its subject's outage is on; then counts like COUNTED. */
    public static final String FLAKY = "test.flaky.v1";
    /** Its effect says it can never be applied. */
    public static final String VIOLATES_A_RULE = "test.violates-a-rule.v1";

    /** Subjects whose effect currently fails as if the database were away. */
    static final java.util.Set<String> OUTAGES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Entity
    @Table(name = "note")
    public static class Note {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        public Long id;
        public String key;
        public String text;
    }

    public record NoteCreated(String key, String text) {
    }

    @ApplicationScoped
    public static class NoteRepository implements PanacheRepository<Note> {
    }

    @ApplicationScoped
    public static class NoteService {
        private final NoteRepository notes;
        private final Outbox outbox;

        public NoteService(NoteRepository notes, Outbox outbox) {
            this.notes = notes;
            this.outbox = outbox;
        }

        /** Stores a note and its event; with {@code failAfterwards} the transaction rolls back at the end. */
        @WithTransaction
        public Uni<Void> create(String key, String text, boolean failAfterwards, String topic) {
            Note note = new Note();
            note.key = key;
            note.text = text;
            return notes.persist(note)
                    .flatMap(n -> outbox.append(new OutgoingEvent(topic == null ? TOPIC : topic, key, NOTE_CREATED, key, null,
                            new NoteCreated(key, text))))
                    .flatMap(id -> failAfterwards
                            ? Uni.createFrom().failure(new IllegalStateException("rolled back on purpose"))
                            : Uni.createFrom().voidItem());
        }
    }

    @Path("/test")
    public static class TestResource {
        private final NoteService service;

        public TestResource(NoteService service) {
            this.service = service;
        }

        @POST
        @Path("/notes/{key}")
        public Uni<String> create(@PathParam("key") String key, @QueryParam("text") String text,
                @QueryParam("fail") boolean fail, @QueryParam("topic") String topic) {
            return service.create(key, text, fail, topic).replaceWith("created")
                    .onFailure().recoverWithItem(e -> "rolled back");
        }

        @POST
        @Path("/outages/{subject}")
        public String outage(@PathParam("subject") String subject, @QueryParam("on") boolean on) {
            if (on) {
                OUTAGES.add(subject);
            } else {
                OUTAGES.remove(subject);
            }
            return on ? "on" : "off";
        }

        /** The outbox rows of a key, oldest first: "published|attempts|last_error". */
        @GET
        @Path("/outbox/{key}")
        public Uni<java.util.List<String>> outboxRows(@PathParam("key") String key) {
            return Panache.withSession(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                    "SELECT concat_ws('|', (published_at IS NOT NULL)::text, attempts::text, coalesce(last_error, ''))"
                            + " FROM outbox_event WHERE message_key = :key ORDER BY seq", String.class)
                    .setParameter("key", key).getResultList()));
        }

        @jakarta.ws.rs.DELETE
        @Path("/outbox/{key}")
        public Uni<Integer> deleteOutboxRows(@PathParam("key") String key) {
            return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                    "DELETE FROM outbox_event WHERE message_key = :key").setParameter("key", key).executeUpdate()));
        }

        /** Hands the relay lease to a replica that has just died: it expires in {@code seconds}. */
        @POST
        @Path("/lease/dead-holder")
        public Uni<Integer> deadHolder(@QueryParam("seconds") double seconds) {
            return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                    "UPDATE outbox_relay_lease SET holder = 'a-replica-that-died',"
                            + " expires_at = now() + make_interval(secs => :seconds)")
                    .setParameter("seconds", seconds).executeUpdate()));
        }

        @GET
        @Path("/processed/{eventId}")
        public Uni<Long> processed(@PathParam("eventId") String eventId) {
            return Panache.withSession(() -> Panache.getSession().flatMap(s -> s
                    .createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id = :id", Long.class)
                    .setParameter("id", eventId).getSingleResult()));
        }

        @GET
        @Path("/counters/{subject}")
        public Uni<Integer> counter(@PathParam("subject") String subject) {
            return Panache.withSession(() -> Panache.getSession().flatMap(s -> s
                    .createNativeQuery("SELECT count FROM effect_counter WHERE subject = :subject", Integer.class)
                    .setParameter("subject", subject).getSingleResultOrNull()))
                    .map(count -> count == null ? 0 : count);
        }
    }

    /** Counts each event it applies; fails on purpose for {@link #ALWAYS_FAILS}. */
    @ApplicationScoped
    public static class CountingConsumer {
        private final IdempotentConsumer consumer;

        public CountingConsumer(IdempotentConsumer consumer) {
            this.consumer = consumer;
        }

        @Incoming("backbone-in")
        @Acknowledgment(Acknowledgment.Strategy.MANUAL)
        public Uni<Void> consume(Message<String> message) {
            return consumer.process("backbone-in", message, type -> !NOT_HANDLED.equals(type), event -> {
                if (ALWAYS_FAILS.equals(event.type())) {
                    return Uni.createFrom().failure(new IllegalStateException("this effect always fails"));
                }
                if (VIOLATES_A_RULE.equals(event.type())) {
                    throw new PoisonEventException("event " + event.id() + " breaks a rule for good");
                }
                if (FLAKY.equals(event.type()) && OUTAGES.contains(event.subject())) {
                    return Uni.createFrom().failure(new java.net.ConnectException(
                            "simulated: the database cannot be reached"));
                }
                Map<?, ?> data = event.data(Map.class);
                return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "INSERT INTO effect_counter (subject, count) VALUES (:subject, 1)"
                                + " ON CONFLICT (subject) DO UPDATE SET count = effect_counter.count + 1")
                        .setParameter("subject", event.subject()).executeUpdate())
                        .replaceWithVoid()
                        .invoke(() -> data.size());
            });
        }
    }
}
