package dev.miaccount.device.session;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class SessionViewRepository implements PanacheRepositoryBase<SessionView, UUID> {
}
