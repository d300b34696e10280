package dev.miaccount.account.personaldata;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class PersonalDataKeyRepository implements PanacheRepositoryBase<PersonalDataKey, String> {
}
