package dev.miaccount.device.bootloader;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class BootloaderGrantRepository implements PanacheRepositoryBase<BootloaderGrant, UUID> {
}
