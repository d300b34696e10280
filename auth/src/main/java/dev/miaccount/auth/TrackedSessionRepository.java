package dev.miaccount.auth;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class TrackedSessionRepository implements PanacheRepositoryBase<TrackedSession, UUID> {
}
