package dev.miaccount.messaging.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.tracing.TraceParents;
import io.smallrye.mutiny.Uni;

/**
 * Where services put the events their state changes cause. Call it inside the transaction that makes the change
 * ({@code @WithTransaction} on the service method): the event is stored with the change and published by the
 * relay after the commit, so it leaves if and only if the change is committed. The current span (the HTTP request,
 * or the consumer step of a flow) is stored with it, and the relay sends the event as its child: one trace per flow.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxEventRepository repository;
    private final ObjectMapper mapper;
    private final Clock clock;

    public Outbox(OutboxEventRepository repository, ObjectMapper mapper) {
        this.repository = repository;
        this.mapper = mapper;
        this.clock = Clock.systemUTC();
    }

    /** @return the stored event's id (the CloudEvents id) */
    public Uni<UUID> append(OutgoingEvent event) {
        String payload;
        try {
            payload = mapper.writeValueAsString(event.data());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event data is not serializable: "
                    + event.type(), e));
        }
        OutboxEvent row = new OutboxEvent(UUID.randomUUID(), event.topic(), event.key(), event.type(),
                event.subject(), event.flowId(), payload, Instant.now(clock), TraceParents.current());
        return repository.persist(row).replaceWith(row.getId());
    }
}
