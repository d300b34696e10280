package dev.miaccount.messaging.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;

@ApplicationScoped
public class OutboxEventRepository implements PanacheRepository<OutboxEvent> {
}
