package dev.miaccount.bench;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** What local-infra's launcher waits for; without the health extension, which would add to the floor's start-up. */
@Path("/q/health/ready")
public class Ready {

    @GET
    public String ready() {
        return "{\"status\":\"UP\"}";
    }
}
