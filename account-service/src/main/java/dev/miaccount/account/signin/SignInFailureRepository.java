package dev.miaccount.account.signin;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class SignInFailureRepository implements PanacheRepositoryBase<SignInFailure, String> {
}
