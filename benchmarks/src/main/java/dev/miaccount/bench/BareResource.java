package dev.miaccount.bench;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The floor of My Devices: a Quarkus REST endpoint answering a small JSON list, with nothing behind it (no token,
 * no database), run as a packaged application with the services' JVM settings.
 */
@Path("/bare")
public class BareResource {

    public record Item(String deviceId, String model, String state) {
    }

    private static final List<Item> ITEMS = List.of(new Item("phone-1", "Xiaomi 15", "BOUND"));

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Item> get() {
        return ITEMS;
    }
}
