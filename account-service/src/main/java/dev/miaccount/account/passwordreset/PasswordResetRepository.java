package dev.miaccount.account.passwordreset;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class PasswordResetRepository implements PanacheRepositoryBase<PasswordReset, UUID> {
}
