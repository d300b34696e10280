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
    public static final String ALWAYS_FAILS = "test.always-fails.v1";

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
        public Uni<Void> create(String key, String text, boolean failAfterwards) {
            Note note = new Note();
            note.key = key;
            note.text = text;
            return notes.persist(note)
                    .flatMap(n -> outbox.append(new OutgoingEvent(TOPIC, key, NOTE_CREATED, key, null,
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
                @QueryParam("fail") boolean fail) {
            return service.create(key, text, fail).replaceWith("created")
                    .onFailure().recoverWithItem(e -> "rolled back");
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
            return consumer.process("backbone-in", message, event -> {
                if (ALWAYS_FAILS.equals(event.type())) {
                    return Uni.createFrom().failure(new IllegalStateException("this effect always fails"));
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
